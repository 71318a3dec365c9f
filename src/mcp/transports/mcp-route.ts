import type { IncomingMessage, ServerResponse } from "node:http";
import type { CheckOrigin } from "../../auth/origin.js";
import type { TokenScope } from "../../auth/tokens.js";
import { answerCors } from "../../http/cors.js";
import { HttpError, sendError, sendJson } from "../../http/http-error.js";
import { readBody } from "../../http/read-body.js";
import type { Handler } from "../../http/route.js";

/** The bearer token's scope, or a 401: what every MCP request passes after its origin. */
export type Guard = (req: IncomingMessage) => Promise<TokenScope>;

export interface McpRouteOptions {
  path: string;
  /** What the path answers, for CORS preflights: "GET, POST". */
  methods: string;
  checkOrigin: CheckOrigin;
}

/** The SDK's own limit for one message. */
const MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

/**
 * A handler for one path: the Origin checked (403), CORS answered for an
 * allowed browser origin, then `answer`; the HttpErrors it throws (token,
 * limits, bad requests) become JSON answers.
 */
export function mcpRoute({ path, methods, checkOrigin }: McpRouteOptions, answer: (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void>): Handler {
  return async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname !== path) return false;
    try {
      checkOrigin(req);
      if (answerCors(req, res, methods)) return true;
      await answer(req, res, url);
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      if (res.headersSent) res.destroy();
      else sendError(res, error);
    }
    return true;
  };
}

/** The JSON-RPC error the SDK's transports send for a session they do not hold; a client re-initializes on 404. */
export function sendSessionNotFound(res: ServerResponse, message: string): void {
  sendJson(res, 404, { jsonrpc: "2.0", error: { code: -32001, message }, id: null });
}

export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  let raw: Buffer;
  try {
    raw = await readBody(req, MAX_MESSAGE_BYTES);
  } catch (error) {
    if (error instanceof HttpError && error.status === 413)
      throw new HttpError(413, `An MCP message may be at most ${MAX_MESSAGE_BYTES} bytes.`, { connection: "close" });
    throw error;
  }
  try {
    return JSON.parse(raw.toString("utf8"));
  } catch (error) {
    throw new HttpError(400, `Body is not valid JSON (${(error as Error).message}); send a JSON-RPC message.`);
  }
}

export function tooManySessions(maxSessions: number): HttpError {
  return new HttpError(503, `This server already holds ${maxSessions} MCP sessions (MCP_MAX_SESSIONS). Retry later, or end sessions you no longer use (DELETE /mcp).`, {
    "retry-after": "60",
  });
}
