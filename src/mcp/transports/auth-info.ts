import type { AuthInfo } from "@modelcontextprotocol/server";
import type { Scope } from "../../auth/scope.js";

const SCOPE = "codeBuddyScope";

/**
 * The caller the guard admitted, as the SDK's pass-through AuthInfo: the
 * handler hands it to the server factory, which builds a server for that
 * scope. The token itself stays with the guard; nothing downstream needs it.
 */
export function authInfoFor(scope: Scope): AuthInfo {
  return { token: "", clientId: scope.name, scopes: [], extra: { [SCOPE]: scope } };
}

export function scopeOf(authInfo: AuthInfo | undefined): Scope {
  const scope = authInfo?.extra?.[SCOPE];
  if (scope === undefined) throw new Error("An MCP server was requested for a request the guard did not admit.");
  return scope as Scope;
}
