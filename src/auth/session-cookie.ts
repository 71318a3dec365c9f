import { createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { TLSSocket } from "node:tls";

export const SESSION_COOKIE = "cb_session";

/** The value of one cookie of the request, or null. */
export function cookieOf(req: IncomingMessage, name: string): string | null {
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const separator = part.indexOf("=");
    if (separator === -1) continue;
    if (part.slice(0, separator).trim() === name) return part.slice(separator + 1).trim() || null;
  }
  return null;
}

/**
 * Whether the browser reached this server over https, directly or through a
 * proxy that says so (Heroku, Render). Only the cookie's Secure flag depends
 * on it: a forged header can make the cookie stricter, never weaker.
 */
export function isHttps(req: IncomingMessage): boolean {
  if ((req.socket as TLSSocket).encrypted) return true;
  const forwarded = req.headers["x-forwarded-proto"];
  return (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(",", 1)[0]?.trim().toLowerCase() === "https";
}

/**
 * A Set-Cookie: HttpOnly (no script reads it), SameSite=Lax (no other site's
 * request carries it, but a link followed to the console does), Secure
 * behind https. `maxAgeSeconds` 0 deletes it.
 */
export function cookie(req: IncomingMessage, name: string, value: string, { maxAgeSeconds, path = "/" }: { maxAgeSeconds: number; path?: string }): string {
  return [`${name}=${value}`, `Path=${path}`, "HttpOnly", "SameSite=Lax", `Max-Age=${maxAgeSeconds}`, ...(isHttps(req) ? ["Secure"] : [])].join("; ");
}

/** The Set-Cookie of a console session. */
export function sessionCookie(req: IncomingMessage, value: string, maxAgeSeconds: number): string {
  return cookie(req, SESSION_COOKIE, value, { maxAgeSeconds });
}

/** The CSRF token of a session: derived from its secret, so nothing more is stored, and no other site can compute it. */
export function csrfTokenFor(sessionSecret: string): string {
  return createHmac("sha256", sessionSecret).update("csrf").digest("base64url");
}

/** Compares a presented CSRF token with the expected one in constant time. */
export function csrfMatches(expected: string, presented: string | undefined | null): boolean {
  if (typeof presented !== "string") return false;
  const [a, b] = [Buffer.from(expected), Buffer.from(presented)];
  return a.length === b.length && timingSafeEqual(a, b);
}
