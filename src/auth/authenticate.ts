import type { IncomingMessage } from "node:http";
import type { Authenticator, Principal } from "./principal.js";
import type { Refusal } from "./refusal.js";
import { TOKEN_PREFIX } from "./token-secret.js";

/** The protected resources: what an OAuth access token is bound to (RFC 8707). */
export type ResourceName = "mcp" | "api";

/** Checks OAuth access tokens Code Buddy's authorization server issued (Sign in with GitHub). */
export interface AccessTokenVerifier {
  /** The principal an access token stands for at `resource`: null when unknown, expired or revoked; "wrong-resource" when issued for another. */
  verify(token: string, resource: ResourceName): Promise<Principal | "wrong-resource" | null>;
  /** The Protected Resource Metadata (RFC 9728) of `resource`, named in every 401 so that clients can discover how to sign in. */
  resourceMetadataUrl(resource: ResourceName): string;
}

/** The request's bearer token; null without an Authorization header; a 401 for a header of another form. */
export function bearerCredential(req: IncomingMessage, refuse: Refusal): string | null {
  const header = req.headers.authorization;
  if (header === undefined || header.trim() === "") return null;
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  if (!match) throw refuse('The Authorization header must be "Bearer <token>".', "invalid_request");
  return match[1]!;
}

/**
 * `Authorization: Bearer <OAuth access token>`: every bearer token that is
 * not a cb_ token, checked against the resource it must have been issued for.
 */
export function oauthAuthenticator(verifier: AccessTokenVerifier, resource: ResourceName, refuse: Refusal): Authenticator {
  return async (req) => {
    const token = bearerCredential(req, refuse);
    if (token === null || token.startsWith(TOKEN_PREFIX)) return null;
    const principal = await verifier.verify(token, resource);
    if (principal === "wrong-resource")
      throw refuse("The access token was issued for another resource than this endpoint; ask for one with this endpoint as the resource (RFC 8707).", "invalid_token");
    if (principal === null) throw refuse("The access token is not valid (unknown, expired or revoked): refresh it or sign in again.", "invalid_token");
    return principal;
  };
}
