import type { ServerResponse } from "node:http";
import type { Html } from "./html.js";

/**
 * Scripts, styles and images from this server only, no inline script or
 * style (so injected markup could not run even if it got past escaping),
 * no framing, forms posting only here.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join("; ");

const PAGE_HEADERS = {
  "content-security-policy": CONTENT_SECURITY_POLICY,
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "same-origin",
  "cross-origin-opener-policy": "same-origin",
  // Pages show what the signed-in person may see, and a token once: never cached.
  "cache-control": "no-store",
};

export function sendPage(res: ServerResponse, status: number, page: Html, headers: Record<string, string | string[]> = {}): void {
  const body = page.text;
  res.writeHead(status, { "content-type": "text/html; charset=utf-8", "content-length": Buffer.byteLength(body), ...PAGE_HEADERS, ...headers });
  res.end(body);
}

/** After a form's POST: the browser GETs `location` (POST/redirect/GET), so a reload does not repeat the action. */
export function redirect(res: ServerResponse, location: string, headers: Record<string, string | string[]> = {}): void {
  res.writeHead(303, { location, "content-length": 0, ...PAGE_HEADERS, ...headers });
  res.end();
}
