import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { isInitializeRequest } from "@modelcontextprotocol/sdk/types.js";
import { randomUUID } from "node:crypto";
import type { CheckOrigin } from "../../auth/origin.js";
import { HttpError } from "../../http/http-error.js";
import type { Handler } from "../../http/route.js";
import type { OpenSession } from "../session-factory.js";
import { mcpRoute, readJsonBody, sendSessionNotFound, tooManySessions, type Guard } from "./mcp-route.js";
import type { HttpSession } from "./http-session.js";
import type { SessionRegistry } from "./session-registry.js";

export interface StreamableHttpDeps {
  path: string;
  guard: Guard;
  checkOrigin: CheckOrigin;
  sessions: SessionRegistry<HttpSession>;
  openSession: OpenSession;
}

const SESSION_NOT_FOUND =
  "Session not found: it ended, expired, was opened with another token, or lives on another Code Buddy instance. Start a new session with an initialize request.";

/**
 * Streamable HTTP (MCP 2025-03-26 and later): POST for messages, GET for the
 * session's notification stream, DELETE to end the session. Stateful, so that
 * subscriptions can push. Sessions live in this process: behind a load
 * balancer without sticky sessions, a request reaching another instance gets
 * the spec's 404 and the client starts a new session there.
 */
export function createStreamableHttpEndpoint({ path, guard, checkOrigin, sessions, openSession }: StreamableHttpDeps): Handler {
  return mcpRoute({ path, methods: "GET, POST, DELETE", checkOrigin }, async (req, res) => {
    const scope = await guard(req);
    const sessionId = req.headers["mcp-session-id"];
    if (typeof sessionId === "string") {
      const session = sessions.acquire(sessionId, scope.tokenId, res);
      if (!(session?.transport instanceof StreamableHTTPServerTransport)) return sendSessionNotFound(res, SESSION_NOT_FOUND);
      return session.transport.handleRequest(req, res);
    }
    if (req.method !== "POST") throw new HttpError(400, `${req.method} ${path} needs an Mcp-Session-Id header. Start a session first: POST an initialize request to ${path}.`);
    const body = await readJsonBody(req);
    if (!isInitializeRequest(body)) throw new HttpError(400, `No Mcp-Session-Id header: the first message of a session must be an initialize request (POST ${path}).`);
    if (sessions.full) throw tooManySessions(sessions.capacity);

    let server: McpServer | undefined;
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: randomUUID,
      onsessioninitialized: (id): void => sessions.add({ id, tokenId: scope.tokenId, transport, close: () => server!.close() }, res),
    });
    transport.onclose = () => {
      if (transport.sessionId !== undefined) sessions.delete(transport.sessionId);
    };
    server = await openSession(scope, transport);
    await transport.handleRequest(req, res, body);
    // Refused before the session began (e.g. a bad Accept header): nothing will ever use this server.
    if (transport.sessionId === undefined) await server.close();
  });
}
