import { toNodeHandler } from "@modelcontextprotocol/node";
import { createMcpHandler, type McpHttpHandler, type McpServerFactory } from "@modelcontextprotocol/server";
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";
import type { Principal } from "../../auth/principal.js";
import { scopeKey } from "../../auth/scope.js";
import { sendJson } from "../../http/http-error.js";
import type { ScopedServers } from "../scoped-servers.js";
import { subscriptionRefusal } from "../subscriptions.js";
import { authInfoFor, scopeOf } from "./auth-info.js";
import type { HttpSession } from "./http-session.js";
import { nodeRequest } from "./node-request.js";
import { MAX_MESSAGE_BYTES, requestIdOf, tooManySessions } from "./mcp-route.js";
import { scopedResourceBus } from "./scoped-resource-bus.js";
import type { SessionRegistry } from "./session-registry.js";

export interface ModernHttpDeps {
  servers: ScopedServers;
  /** Listen streams are held here, so they count against MCP_MAX_SESSIONS and end when their token is revoked. */
  sessions: SessionRegistry<HttpSession>;
  keepAliveMs: number;
  log: Logger;
}

export interface ModernHttp {
  /** Answers one 2026-07-28 request for `caller`; `body` is the parsed POST body. */
  answer(req: IncomingMessage, res: ServerResponse, caller: Principal, body: unknown): Promise<void>;
  close(): Promise<void>;
}

const INVALID_PARAMS = -32602;

function listenUris(body: unknown): string[] | null {
  if (body === null || typeof body !== "object") return null;
  const { method, params } = body as { method?: unknown; params?: { notifications?: { resourceSubscriptions?: unknown } } };
  if (method !== "subscriptions/listen") return null;
  const uris = params?.notifications?.resourceSubscriptions;
  return Array.isArray(uris) ? uris.filter((uri): uri is string => typeof uri === "string") : [];
}

/**
 * MCP 2026-07-28 over HTTP, on the SDK's createMcpHandler: no sessions, so
 * any instance answers any request. Each request gets a server bound to its
 * caller's scope. subscriptions/listen gets a handler of its own whose bus
 * carries only what that caller may see (scopedResourceBus); the stored
 * events it hears of include other instances' (PostgreSQL announcements).
 */
export function createModernHttp({ servers, sessions, keepAliveMs, log }: ModernHttpDeps): ModernHttp {
  const factory: McpServerFactory = ({ authInfo }) => servers.build(scopeOf(authInfo), { era: "modern", updates: { kind: "entry" } });
  const onerror = (error: Error) => log.debug({ err: error }, "MCP request refused or failed");
  const shared = createMcpHandler(factory, { legacy: "reject", maxRequestBodySize: MAX_MESSAGE_BYTES, onerror });

  const serve = (handler: McpHttpHandler, req: IncomingMessage, res: ServerResponse, caller: Principal, body: unknown) =>
    toNodeHandler({ fetch: (request, options) => handler.fetch(request, { ...options, authInfo: authInfoFor(caller.scope) }) }, { onerror })(nodeRequest(req), res, body);

  const listen = async (req: IncomingMessage, res: ServerResponse, caller: Principal, body: unknown, uris: string[]) => {
    const refusal = subscriptionRefusal(uris);
    if (refusal !== null) return sendJson(res, 200, { jsonrpc: "2.0", error: { code: INVALID_PARAMS, message: refusal }, id: requestIdOf(body) });
    if (sessions.full) throw tooManySessions(sessions.capacity);
    const handler = createMcpHandler(factory, { legacy: "reject", bus: scopedResourceBus(caller.scope, uris, servers.events), maxSubscriptions: 1, keepAliveMs, onerror });
    const id = randomUUID();
    sessions.add({ id, kind: "listen", principal: caller.id, scopeKey: scopeKey(caller.scope), close: () => handler.close() }, res);
    res.once("close", () => {
      sessions.delete(id);
      void handler.close();
    });
    await serve(handler, req, res, caller, body);
  };

  return {
    answer: async (req, res, caller, body) => {
      const uris = listenUris(body);
      if (uris !== null) return listen(req, res, caller, body, uris);
      await serve(shared, req, res, caller, body);
    },
    close: () => shared.close(),
  };
}
