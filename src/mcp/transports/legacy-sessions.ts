import { NodeStreamableHTTPServerTransport } from "@modelcontextprotocol/node";
import { isInitializeRequest } from "@modelcontextprotocol/server";
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Principal } from "../../auth/principal.js";
import { scopeKey } from "../../auth/scope.js";
import type { ScopedServers } from "../scoped-servers.js";
import type { HttpSession } from "./http-session.js";
import { McpHttpError, RPC_ERROR, tooManySessions } from "./mcp-route.js";
import type { SessionRegistry } from "./session-registry.js";

export interface LegacySessionsDeps {
  path: string;
  sessions: SessionRegistry<HttpSession>;
  servers: ScopedServers;
}

/** Answers one 2025-era request on the Streamable HTTP endpoint, for `caller`; `body` is the parsed POST body. */
export type LegacyAnswer = (req: IncomingMessage, res: ServerResponse, caller: Principal, body: unknown) => Promise<void>;

/**
 * Streamable HTTP as 2025-03-26 to 2025-11-25 define it: an initialize POST
 * opens a session, whose id every later POST, the notification stream (GET)
 * and its end (DELETE) carry. Stateful, so that resources/subscribe can push.
 * Sessions live in this process: behind a load balancer without sticky
 * sessions, a request reaching another instance gets the spec's 404 and the
 * client starts a new session there.
 */
export function createLegacySessions({ path, sessions, servers }: LegacySessionsDeps): LegacyAnswer {
  const sessionNotFound = () =>
    new McpHttpError(
      404,
      "Session not found: it ended, expired, was opened with another token, or lives on another Code Buddy instance. Start a new session with an initialize request.",
      { code: RPC_ERROR.sessionNotFound },
    );

  return async (req, res, caller, body) => {
    const sessionId = req.headers["mcp-session-id"];
    if (typeof sessionId === "string") {
      const session = sessions.acquire(sessionId, caller, res);
      if (session?.kind !== "streamable") throw sessionNotFound();
      return session.transport.handleRequest(req, res, body);
    }
    if (req.method !== "POST")
      throw new McpHttpError(400, `${req.method} ${path} needs an Mcp-Session-Id header. Start a session first: POST an initialize request to ${path}.`, {
        code: RPC_ERROR.invalidRequest,
      });
    if (!isInitializeRequest(body))
      throw new McpHttpError(
        400,
        `No Mcp-Session-Id header: the first message of a 2025-era session must be an initialize request (POST ${path}); 2026-07-28 clients send _meta with io.modelcontextprotocol/protocolVersion on every request instead.`,
        { code: RPC_ERROR.invalidRequest },
      );
    if (sessions.full) throw tooManySessions(sessions.capacity);

    const transport: NodeStreamableHTTPServerTransport = new NodeStreamableHTTPServerTransport({
      sessionIdGenerator: randomUUID,
      onsessioninitialized: (id): void =>
        sessions.add({ id, kind: "streamable", principal: caller.id, scopeKey: scopeKey(caller.scope), transport, close: () => server.close() }, res),
    });
    transport.onclose = () => {
      if (transport.sessionId !== undefined) sessions.delete(transport.sessionId);
    };
    // The transport names its session only while handling the request below, after this assignment.
    const server = await servers.openSession(caller.scope, transport);
    await transport.handleRequest(req, res, body);
    // Refused before the session began (e.g. a bad Accept header): nothing will ever use this server.
    if (transport.sessionId === undefined) await server.close();
  };
}
