import type { IncomingMessage } from "node:http";
import type { Refusal } from "./refusal.js";
import type { Scope } from "./scope.js";

/**
 * Who is asking, whatever the credential: what they may read (Scope, which
 * the query layer applies) and whether they may manage subscriptions,
 * deliveries and tokens. MCP, the REST API and the console see only this.
 */
export interface Principal {
  /** How the request proved it: a cb_ bearer token, an OAuth access token (Sign in with GitHub), or a console session cookie. */
  kind: "token" | "oauth" | "session";
  /**
   * The credential behind it, which MCP sessions are bound to: "token:<id>" for a cb_ token,
   * "grant:<id>" for an OAuth grant (stable across refreshes), "user:<id>" for a person's console session.
   */
  id: string;
  /** Shown to people: the token's name, or the GitHub login. */
  name: string;
  scope: Scope;
  /** A cb_ token made with --admin, or a person who owns an installation's account. */
  isAdmin: boolean;
  /**
   * Set when the credential travels by itself (a cookie): a request that
   * changes something must carry this value too (header X-CSRF-Token, or the
   * console's form field), which a page of another site cannot read.
   */
  csrfToken: string | null;
  /** The console session behind a cookie: what signing out ends. */
  sessionId: number | null;
}

/**
 * One way of proving who one is. Returns null when the request carries no
 * credential of its kind (the next authenticator is asked); throws a 401
 * HttpError when it carries one that is not valid.
 */
export type Authenticator = (req: IncomingMessage) => Promise<Principal | null>;

/** Resolves a request to its principal, or throws a 401 HttpError saying how to get in. */
export type ResolvePrincipal = (req: IncomingMessage) => Promise<Principal>;

/**
 * For each of `principals` (Principal.id) that is still valid (its token not revoked, its grant
 * not revoked or expired), the key of its scope now (scopeKey); one missing from the answer is gone.
 */
export type PrincipalStates = (principals: readonly string[]) => Promise<Map<string, string>>;

/**
 * Asks each authenticator in turn; the first that recognizes a credential
 * decides. Order them from the most explicit credential (an Authorization
 * header) to the most ambient (a cookie).
 */
export function createPrincipalResolver(authenticators: readonly Authenticator[], refuse: Refusal, missing: string): ResolvePrincipal {
  return async (req) => {
    for (const authenticate of authenticators) {
      const principal = await authenticate(req);
      if (principal) return principal;
    }
    throw refuse(missing);
  };
}
