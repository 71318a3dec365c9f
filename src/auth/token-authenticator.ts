import type { Logger } from "pino";
import type { PrismaDb } from "../store/db.js";
import { bearerCredential } from "./authenticate.js";
import type { Authenticator } from "./principal.js";
import type { Refusal } from "./refusal.js";
import { lookupToken, recordTokenUse } from "./tokens.js";

export interface TokenAuthenticatorDeps {
  prisma: PrismaDb;
  clock: () => Date;
  log: Logger;
}

/**
 * `Authorization: Bearer cb_…`: the token's scope and admin flag. Any bearer
 * token it does not know is refused, so an authenticator of other bearer
 * tokens (OAuth) goes before it and claims its own. Looked up on every
 * request: a revoked token stops working at once.
 */
export function tokenAuthenticator({ prisma, clock, log }: TokenAuthenticatorDeps, refuse: Refusal): Authenticator {
  return async (req) => {
    const token = bearerCredential(req, refuse);
    if (token === null) return null;
    const found = await lookupToken(prisma, token);
    if (!found) throw refuse("The bearer token is not valid (unknown or revoked).", "invalid_token");
    await recordTokenUse(prisma, found, clock()).catch((error: unknown) => log.warn({ err: error, tokenName: found.scope.name }, "could not record the token's last use"));
    const { tokenId, ...scope } = found.scope;
    return { kind: "token", id: `token:${tokenId}`, name: scope.name, scope, isAdmin: found.admin, csrfToken: null, sessionId: null };
  };
}
