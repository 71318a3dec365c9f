import type { IncomingMessage } from "node:http";
import type { Principal } from "../auth/principal.js";
import { csrfMatches, isHttps } from "../auth/session-cookie.js";
import { HttpError } from "../http/http-error.js";
import { readBody } from "../http/read-body.js";

/** Console forms hold a name, a few patterns, a token: a larger body is not one of them. */
const MAX_FORM_BYTES = 16 * 1024;

/**
 * A form POST from a page of this server: same Origin (when the browser
 * says), urlencoded, small. A request another site's page makes is refused
 * before anything is read.
 */
export async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== "null" && origin.toLowerCase() !== `${isHttps(req) ? "https" : "http"}://${(req.headers.host ?? "").toLowerCase()}`)
    throw new HttpError(403, "This form can only be sent from the console's own pages.");
  const type = (req.headers["content-type"] ?? "").split(";", 1)[0]!.trim().toLowerCase();
  if (type !== "application/x-www-form-urlencoded") throw new HttpError(415, "Send the console's forms from its pages.");
  try {
    return new URLSearchParams((await readBody(req, MAX_FORM_BYTES)).toString("utf8"));
  } catch (error) {
    if (error instanceof HttpError && error.status === 413) throw new HttpError(413, `A console form is at most ${MAX_FORM_BYTES} bytes.`);
    throw error;
  }
}

/** A session's forms carry its CSRF token; a bearer token's request needs none (no browser sends one by itself). */
export function checkCsrf(principal: Principal, form: URLSearchParams): void {
  if (principal.csrfToken !== null && !csrfMatches(principal.csrfToken, form.get("csrf")))
    throw new HttpError(403, "This form is out of date or was not sent from the console (CSRF check): reload the page and try again.");
}

/** Where to go after signing in: a path of this server only, so a link cannot send someone elsewhere. */
export function localPath(next: string | null): string {
  return next !== null && next.startsWith("/") && !next.startsWith("//") && !next.includes("\\") ? next : "/";
}
