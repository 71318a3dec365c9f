import { SSEServerTransport } from "@modelcontextprotocol/server-legacy/sse";
import { scopeKey } from "../../auth/scope.js";
import type { CheckOrigin } from "../../auth/origin.js";
import type { Handler } from "../../http/route.js";
import type { ScopedServers } from "../scoped-servers.js";
import type { HttpSession } from "./http-session.js";
import { McpHttpError, mcpRoute, RPC_ERROR, tooManySessions, type Guard } from "./mcp-route.js";
import type { SessionRegistry } from "./session-registry.js";

export interface SseDeps {
  ssePath: string;
  messagesPath: string;
  guard: Guard;
  checkOrigin: CheckOrigin;
  sessions: SessionRegistry<HttpSession>;
  servers: ScopedServers;
}

/**
 * The HTTP+SSE transport of MCP 2024-11-05, for older clients (the SDK's
 * frozen copy in @modelcontextprotocol/server-legacy): GET opens the
 * session's event stream, whose first event names the URL to POST messages
 * to. The session lives as long as that stream, on the instance that holds
 * it, so behind a load balancer this transport needs sticky sessions.
 */
export function createSseEndpoints({ ssePath, messagesPath, guard, checkOrigin, sessions, servers }: SseDeps): Handler[] {
  const stream = mcpRoute({ path: ssePath, methods: "GET", checkOrigin }, async (req, res) => {
    if (req.method !== "GET")
      throw new McpHttpError(405, `${req.method} is not allowed on ${ssePath}: GET opens the event stream, then POST messages to ${messagesPath}.`, { headers: { allow: "GET" } });
    const caller = await guard(req);
    if (sessions.full) throw tooManySessions(sessions.capacity);
    const transport = new SSEServerTransport(messagesPath, res);
    transport.onclose = () => sessions.delete(transport.sessionId);
    const server = await servers.openSession(caller.scope, transport);
    sessions.add({ id: transport.sessionId, kind: "sse", principal: caller.id, scopeKey: scopeKey(caller.scope), transport, close: () => server.close() }, res);
  });

  const messages = mcpRoute({ path: messagesPath, methods: "POST", checkOrigin }, async (req, res, url) => {
    if (req.method !== "POST") throw new McpHttpError(405, `${req.method} is not allowed on ${messagesPath}: POST JSON-RPC messages here.`, { headers: { allow: "POST" } });
    const caller = await guard(req);
    const sessionId = url.searchParams.get("sessionId");
    if (sessionId === null)
      throw new McpHttpError(400, `The sessionId query parameter is missing: POST to the URL the ${ssePath} stream's endpoint event names.`, { code: RPC_ERROR.invalidRequest });
    const session = sessions.acquire(sessionId, caller, res);
    if (session?.kind !== "sse")
      throw new McpHttpError(404, `Session not found: it ended, was opened with another token, or lives on another instance. Open a new stream with GET ${ssePath}.`, {
        code: RPC_ERROR.sessionNotFound,
      });
    await session.transport.handlePostMessage(req, res);
  });

  return [stream, messages];
}
