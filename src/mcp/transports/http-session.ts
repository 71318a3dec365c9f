import type { SSEServerTransport } from "@modelcontextprotocol/sdk/server/sse.js";
import type { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import type { Session } from "./session-registry.js";

/** A session held by the HTTP server: Streamable HTTP or legacy SSE. */
export interface HttpSession extends Session {
  readonly transport: StreamableHTTPServerTransport | SSEServerTransport;
}
