import type { IncomingMessage } from "node:http";
import { HttpError } from "../http/http-error.js";

export type CheckOrigin = (req: IncomingMessage) => void;

function matches(pattern: string, origin: string): boolean {
  if (pattern === "*") return true;
  if (pattern.endsWith(":*")) {
    const base = pattern.slice(0, -2);
    return origin === base || (origin.startsWith(`${base}:`) && /^\d{1,5}$/.test(origin.slice(base.length + 1)));
  }
  return origin === pattern;
}

/**
 * DNS-rebinding protection: a web page whose host name was rebound to this
 * server still sends its own Origin, so a browser request from an origin not
 * on the allow-list gets 403. Requests without Origin (agents, CLIs, servers)
 * are not from a browser page and pass. Origins compare case-insensitively, as
 * scheme and host do.
 */
export function createOriginCheck(allowedOrigins: readonly string[]): CheckOrigin {
  const patterns = allowedOrigins.map((pattern) => pattern.toLowerCase());
  return (req) => {
    const origin = req.headers.origin;
    if (origin === undefined) return;
    if (patterns.some((pattern) => matches(pattern, origin.toLowerCase()))) return;
    throw new HttpError(
      403,
      `Origin ${origin} may not use this endpoint (DNS-rebinding protection). If this browser client is yours, add its origin to MCP_ALLOWED_ORIGINS on the server.`,
    );
  };
}
