import type { IncomingMessage } from "node:http";
import type { Logger } from "pino";
import { HttpError } from "../http/http-error.js";
import type { PrismaDb } from "../store/db.js";
import type { Caller } from "./caller.js";
import { TOKEN_PREFIX } from "./token-secret.js";
import { lookupToken, recordTokenUse } from "./tokens.js";

/** The protected resources: what an OAuth access token is bound to (RFC 8707). */
export type ResourceName = "mcp" | "api";

/** Checks OAuth access tokens Code Buddy's authorization server issued (Sign in with GitHub). */
export interface AccessTokenVerifier {
  /** The caller an access token stands for at `resource`: null when unknown, expired or revoked; "wrong-resource" when issued for another. */
  verify(token: string, resource: ResourceName): Promise<Caller | "wrong-resource" | null>;
  /** The Protected Resource Metadata (RFC 9728) of `resource`, named in every 401 so that clients can discover how to sign in. */
  resourceMetadataUrl(resource: ResourceName): string;
}

export interface AuthenticateDeps {
  prisma: PrismaDb;
  clock: () => Date;
  log: Logger;
  /** Null when Sign in with GitHub is off: only cb_ tokens are accepted. */
  oauth: AccessTokenVerifier | null;
  resource: ResourceName;
}

export type Authenticate = (req: IncomingMessage) => Promise<Caller>;

const HOW_TO_GET_A_TOKEN =
  'Create a token on the Code Buddy server with: code-buddy token create <name> --repo owner/name (or --repo "owner/*" or --repo "*"; add --private for private repositories), then send it as "Authorization: Bearer <token>".';
const HOW_TO_SIGN_IN = `Sign in with GitHub: an MCP host that supports OAuth starts the sign-in from this answer (WWW-Authenticate names the resource metadata). Agents without a browser send a cb_ token instead. ${HOW_TO_GET_A_TOKEN}`;

const quoted = (value: string) => `"${value.replace(/[\\"]/g, "\\$&")}"`;

/**
 * Turns a request's bearer token into the caller it stands for, or throws a
 * 401 HttpError carrying the WWW-Authenticate challenge (RFC 6750; with
 * Sign in with GitHub on, `resource_metadata` as MCP's authorization spec
 * asks). Shared by every HTTP surface that serves events. Tokens are looked
 * up on every request, so a revoked one stops working at once.
 */
export function createAuthenticate({ prisma, clock, log, oauth, resource }: AuthenticateDeps): Authenticate {
  const challenge = (error?: string, description?: string) =>
    [
      'Bearer realm="code-buddy"',
      ...(oauth ? [`resource_metadata=${quoted(oauth.resourceMetadataUrl(resource))}`] : []),
      ...(error ? [`error=${quoted(error)}`] : []),
      ...(description ? [`error_description=${quoted(description)}`] : []),
    ].join(", ");
  const help = oauth ? HOW_TO_SIGN_IN : HOW_TO_GET_A_TOKEN;
  const unauthorized = (message: string, error?: string) => new HttpError(401, `${message} ${help}`, { "www-authenticate": challenge(error, error ? message : undefined) });

  const bearerTokenOf = (req: IncomingMessage): string => {
    const header = req.headers.authorization;
    if (header === undefined || header.trim() === "") throw unauthorized("This endpoint needs a bearer token.");
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
    if (!match) throw unauthorized('The Authorization header must be "Bearer <token>".', "invalid_request");
    return match[1]!;
  };

  return async (req) => {
    const token = bearerTokenOf(req);
    if (oauth !== null && !token.startsWith(TOKEN_PREFIX)) {
      const caller = await oauth.verify(token, resource);
      if (caller === "wrong-resource") throw unauthorized("The access token was issued for another resource than this endpoint; ask for one with this endpoint as the resource (RFC 8707).", "invalid_token");
      if (caller === null) throw unauthorized("The access token is not valid (unknown, expired or revoked): refresh it or sign in again.", "invalid_token");
      return caller;
    }
    const found = await lookupToken(prisma, token);
    if (!found) throw unauthorized("The bearer token is not valid (unknown or revoked).", "invalid_token");
    await recordTokenUse(prisma, found, clock()).catch((error: unknown) => log.warn({ err: error, tokenName: found.scope.name }, "could not record the token's last use"));
    const { tokenId, ...scope } = found.scope;
    return { scope, principal: `token:${tokenId}`, isAdmin: false };
  };
}
