import type { Scope } from "./scope.js";

/** Who is asking, once their credentials check out: a cb_ token, or a person (or their agent) signed in with GitHub. */
export interface Caller {
  scope: Scope;
  /**
   * What a session the caller opens is bound to: "token:<id>" for a cb_ token, "grant:<id>" for an
   * OAuth grant (stable across refreshes). Only the same principal may use the session.
   */
  principal: string;
  /** May manage tokens and subscriptions: a cb_ token made with --admin, or an owner of an installation's account. */
  isAdmin: boolean;
}

/** A scope as one comparable value: a session serves the scope it opened with, and ends when its principal's scope changes. */
export function scopeKey({ repositories, allowPrivate }: Scope): string {
  return JSON.stringify([[...repositories].sort(), allowPrivate]);
}

/**
 * For each of `principals` that is still valid (its token not revoked, its grant not revoked or
 * expired), the key of its scope now; a principal missing from the answer is gone.
 */
export type PrincipalStates = (principals: readonly string[]) => Promise<Map<string, string>>;
