import type { IncomingMessage } from "node:http";
import type { Logger } from "pino";
import { HttpError } from "../http/http-error.js";
import type { PrismaDb } from "../store/db.js";
import { lookupToken, recordTokenUse, type TokenScope } from "./tokens.js";

export interface AuthenticateDeps {
  prisma: PrismaDb;
  clock: () => Date;
  log: Logger;
}

export type Authenticate = (req: IncomingMessage) => Promise<TokenScope>;

const REALM = 'Bearer realm="code-buddy"';
const HOW_TO_GET_A_TOKEN =
  'Create a token on the Code Buddy server with: code-buddy token create <name> --repo owner/name (or --repo "owner/*" or --repo "*"; add --private for private repositories), then send it as "Authorization: Bearer <token>".';

function unauthorized(message: string, challenge: string): HttpError {
  return new HttpError(401, `${message} ${HOW_TO_GET_A_TOKEN}`, { "www-authenticate": challenge });
}

function bearerTokenOf(req: IncomingMessage): string {
  const header = req.headers.authorization;
  if (header === undefined || header.trim() === "") throw unauthorized("This endpoint needs a bearer token.", REALM);
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  if (!match) throw unauthorized('The Authorization header must be "Bearer <token>".', `${REALM}, error="invalid_request"`);
  return match[1]!;
}

/**
 * Turns a request's bearer token into the scope it grants, or throws a 401
 * HttpError carrying the WWW-Authenticate challenge (RFC 6750). Shared by
 * every HTTP surface that serves events (MCP now, the REST API later). The
 * token is looked up on every request, so a revoked token stops working at once.
 */
export function createAuthenticate({ prisma, clock, log }: AuthenticateDeps): Authenticate {
  return async (req) => {
    const found = await lookupToken(prisma, bearerTokenOf(req));
    if (!found) throw unauthorized("The bearer token is not valid (unknown or revoked).", `${REALM}, error="invalid_token"`);
    await recordTokenUse(prisma, found, clock()).catch((error: unknown) => log.warn({ err: error, tokenName: found.scope.name }, "could not record the token's last use"));
    return found.scope;
  };
}
