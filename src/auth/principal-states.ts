import type { PrismaDb } from "../store/db.js";
import type { PrincipalStates } from "./principal.js";
import { scopeKey } from "./scope.js";
import { tokenScopesById } from "./tokens.js";

export interface PrincipalStatesDeps {
  prisma: PrismaDb;
  /** The scope keys of OAuth grants still valid (Sign in with GitHub); absent when it is off. */
  grantStates?: (grantIds: readonly string[]) => Promise<Map<string, string>>;
}

/** What each principal — a cb_ token ("token:<id>") or an OAuth grant ("grant:<id>") — may see now, for the session sweeps. */
export function createPrincipalStates({ prisma, grantStates }: PrincipalStatesDeps): PrincipalStates {
  return async (principals) => {
    const tokenIds = principals.filter((p) => p.startsWith("token:")).map((p) => Number(p.slice("token:".length)));
    const grantIds = principals.filter((p) => p.startsWith("grant:")).map((p) => p.slice("grant:".length));
    const states = new Map<string, string>();
    for (const [id, scope] of await tokenScopesById(prisma, tokenIds)) states.set(`token:${id}`, scopeKey(scope));
    if (grantStates && grantIds.length > 0) for (const [id, key] of await grantStates(grantIds)) states.set(`grant:${id}`, key);
    return states;
  };
}
