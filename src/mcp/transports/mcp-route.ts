import type { IncomingMessage, ServerResponse } from "node:http";
import type { CheckOrigin } from "../../auth/origin.js";
import type { Principal } from "../../auth/principal.js";
import { answerCors } from "../../http/cors.js";
import { HttpError, sendJson } from "../../http/http-error.js";
import { readBody } from "../../http/read-body.js";
import type { Handler } from "../../http/route.js";

/** The caller a bearer token stands for, or a 401: what every MCP request passes after its origin. */
export type Guard = (req: IncomingMessage) => Promise<Principal>;

export type JsonRpcId = string | number | null;

/** JSON-RPC's codes for what the transport refuses (the SDK's transports use the same). */
export const RPC_ERROR = { parse: -32700, invalidRequest: -32600, server: -32000, sessionNotFound: -32001 } as const;

/** A refusal of an MCP endpoint: the HTTP status, and the JSON-RPC error code of the message that carries the reason. */
export class McpHttpError extends HttpError {
  override name = "McpHttpError";
  readonly code: number;

  constructor(status: number, message: string, { code = RPC_ERROR.server, headers = {} }: { code?: number; headers?: Record<string, string> } = {}) {
    super(status, message, headers);
    this.code = code;
  }
}

export interface McpRouteOptions {
  path: string;
  /** What the path answers, for CORS preflights: "GET, POST". */
  methods: string;
  checkOrigin: CheckOrigin;
  /** Read and parse a POST's JSON body before `answer`, so that every refusal answers the request's id. */
  readsBody?: boolean;
}

/** The SDK's own limit for one message. */
export const MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

export function sendRpcError(res: ServerResponse, error: HttpError, id: JsonRpcId): void {
  const code = error instanceof McpHttpError ? error.code : RPC_ERROR.server;
  sendJson(res, error.status, { jsonrpc: "2.0", error: { code, message: error.message }, id }, error.headers);
}

export type McpAnswer = (req: IncomingMessage, res: ServerResponse, url: URL, body: unknown) => Promise<void>;

/**
 * A handler for one path: the Origin checked (403), CORS answered for an
 * allowed browser origin, the body read when `readsBody`, then `answer`; the
 * HttpErrors thrown on the way (token, limits, bad requests) become JSON-RPC
 * error messages answering the request's id, with their HTTP status.
 */
export function mcpRoute({ path, methods, checkOrigin, readsBody = false }: McpRouteOptions, answer: McpAnswer): Handler {
  return async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname !== path) return false;
    let id: JsonRpcId = null;
    try {
      checkOrigin(req);
      if (answerCors(req, res, methods)) return true;
      const body = readsBody && req.method === "POST" ? await readJsonBody(req) : undefined;
      id = requestIdOf(body);
      await answer(req, res, url, body);
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      if (res.headersSent) res.destroy();
      else sendRpcError(res, error, id);
    }
    return true;
  };
}

/** The id a JSON-RPC error answers: the body's, when it is one request with a usable id. */
export function requestIdOf(body: unknown): JsonRpcId {
  if (body === null || typeof body !== "object" || Array.isArray(body)) return null;
  const { method, id } = body as { method?: unknown; id?: unknown };
  return typeof method === "string" && (typeof id === "string" || typeof id === "number") ? id : null;
}

async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  let raw: Buffer;
  try {
    raw = await readBody(req, MAX_MESSAGE_BYTES);
  } catch (error) {
    if (error instanceof HttpError && error.status === 413)
      throw new McpHttpError(413, `An MCP message may be at most ${MAX_MESSAGE_BYTES} bytes.`, { headers: { connection: "close" } });
    throw error;
  }
  if (raw.length === 0) throw new McpHttpError(400, "The body is empty: POST one JSON-RPC message (or a batch) as JSON.", { code: RPC_ERROR.parse });
  try {
    return JSON.parse(raw.toString("utf8"));
  } catch (error) {
    throw new McpHttpError(400, `Body is not valid JSON (${(error as Error).message}); send a JSON-RPC message.`, { code: RPC_ERROR.parse });
  }
}

export function tooManySessions(maxSessions: number): McpHttpError {
  return new McpHttpError(
    503,
    `This server already holds ${maxSessions} MCP sessions and streams (MCP_MAX_SESSIONS). Retry later, or end sessions you no longer use (DELETE /mcp).`,
    {
      headers: { "retry-after": "60" },
    },
  );
}
