import type { IncomingMessage, ServerResponse } from "node:http";
import { HttpError } from "./http-error.js";
import { readBody } from "./read-body.js";

/** The Content-Security-Policy of the server-rendered pages: no script at all, styles from the page itself, forms to this origin only. */
export const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

const MAX_FORM_BYTES = 8 * 1024;

export function sendPage(res: ServerResponse, status: number, html: string, headers: Record<string, string | string[]> = {}): void {
  res.writeHead(status, { "content-type": "text/html; charset=utf-8", "content-security-policy": PAGE_CSP, "cache-control": "no-store", "x-content-type-options": "nosniff", ...headers });
  res.end(html);
}

export function redirect(res: ServerResponse, location: string, headers: Record<string, string | string[]> = {}): void {
  res.writeHead(303, { location, "cache-control": "no-store", ...headers });
  res.end();
}

/** A posted HTML form's fields; anything but a small urlencoded body is refused. */
export async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  if (!/^application\/x-www-form-urlencoded\b/i.test(req.headers["content-type"] ?? "")) throw new HttpError(415, "Send the form as application/x-www-form-urlencoded.");
  return new URLSearchParams((await readBody(req, MAX_FORM_BYTES)).toString("utf8"));
}

/** A path on this site only: "/x", never "//host" or "/\\host", which browsers would follow elsewhere. */
export function localPath(value: string | null): string {
  return value !== null && /^\/(?![/\\])/.test(value) ? value : "/";
}
