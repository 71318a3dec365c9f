import type { IncomingMessage, ServerResponse } from "node:http";

/** What a browser MCP client sends: the token, JSON, the session and protocol headers of Streamable HTTP, and 2026-07-28's standard headers. */
const ALLOWED_HEADERS = "authorization, content-type, mcp-session-id, mcp-protocol-version, mcp-method, mcp-name, last-event-id, x-agent-id";
/** What it must read back: the session it got, and why it was refused. */
const EXPOSED_HEADERS = "mcp-session-id, mcp-protocol-version, www-authenticate";
const PREFLIGHT_MAX_AGE_SECONDS = 600;

/**
 * CORS for a request whose Origin the allow-list already admitted (see
 * createOriginCheck): the answer names that origin, so a browser client may
 * read it. A preflight is answered here, with `methods`, and needs no token,
 * as browsers send none with it; returns whether it was one. No credentials
 * mode: tokens travel in the Authorization header, not in cookies.
 */
export function answerCors(req: IncomingMessage, res: ServerResponse, methods: string): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return false;
  res.setHeader("access-control-allow-origin", origin);
  res.setHeader("vary", "Origin");
  if (req.method === "OPTIONS" && req.headers["access-control-request-method"] !== undefined) {
    res.writeHead(204, {
      "access-control-allow-methods": methods,
      "access-control-allow-headers": ALLOWED_HEADERS,
      "access-control-max-age": String(PREFLIGHT_MAX_AGE_SECONDS),
    });
    res.end();
    return true;
  }
  res.setHeader("access-control-expose-headers", EXPOSED_HEADERS);
  return false;
}
