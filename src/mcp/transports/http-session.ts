import type { NodeStreamableHTTPServerTransport } from "@modelcontextprotocol/node";
import type { SSEServerTransport } from "@modelcontextprotocol/server-legacy/sse";
import type { Session } from "./session-registry.js";

/**
 * What the HTTP server holds open for a caller: a 2025-era Streamable HTTP
 * session, a legacy SSE session, or a 2026-07-28 subscriptions/listen stream
 * (which clients never address by id). All count against MCP_MAX_SESSIONS
 * and end when their token is revoked.
 */
export type HttpSession =
  | (Session & { readonly kind: "streamable"; readonly transport: NodeStreamableHTTPServerTransport })
  | (Session & { readonly kind: "sse"; readonly transport: SSEServerTransport })
  | (Session & { readonly kind: "listen" });
