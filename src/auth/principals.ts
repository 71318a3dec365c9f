import type { Logger } from "pino";
import type { PrismaDb } from "../store/db.js";
import { oauthAuthenticator, type AccessTokenVerifier } from "./authenticate.js";
import { sessionAuthenticator } from "./console-sessions.js";
import { createPrincipalResolver, type ResolvePrincipal } from "./principal.js";
import { bearerRefusal, HOW_TO_GET_A_TOKEN } from "./refusal.js";
import { tokenAuthenticator } from "./token-authenticator.js";

export interface PrincipalDeps {
  prisma: PrismaDb;
  clock: () => Date;
  log: Logger;
  /** Null when Sign in with GitHub is off: no OAuth access tokens, and only cb_ tokens open console sessions. */
  oauth: AccessTokenVerifier | null;
}

const HOW_TO_SIGN_IN = `Sign in with GitHub: an MCP host that supports OAuth starts the sign-in from this answer (WWW-Authenticate names the resource metadata). Agents without a browser send a cb_ token instead. ${HOW_TO_GET_A_TOKEN}`;

/** MCP: bearer credentials only, OAuth access tokens issued for the MCP resource first, then cb_ tokens. */
export function mcpPrincipals(deps: PrincipalDeps): ResolvePrincipal {
  const { oauth } = deps;
  const refuse = bearerRefusal({ resourceMetadataUrl: oauth?.resourceMetadataUrl("mcp") ?? null, help: oauth ? HOW_TO_SIGN_IN : HOW_TO_GET_A_TOKEN });
  return createPrincipalResolver([...(oauth ? [oauthAuthenticator(oauth, "mcp", refuse)] : []), tokenAuthenticator(deps, refuse)], refuse, "This endpoint needs a bearer token.");
}

/**
 * The REST API and the console: bearer credentials (OAuth access tokens
 * issued for the API resource, cb_ tokens), then the console's session
 * cookie, the most ambient, last.
 */
export function operatorPrincipals(deps: PrincipalDeps): ResolvePrincipal {
  const { oauth } = deps;
  const help = `${HOW_TO_GET_A_TOKEN} In a browser, sign in to the console at /sign-in${oauth ? " (with GitHub, or a token)" : ""}.`;
  const refuse = bearerRefusal({ resourceMetadataUrl: oauth?.resourceMetadataUrl("api") ?? null, help });
  return createPrincipalResolver(
    [...(oauth ? [oauthAuthenticator(oauth, "api", refuse)] : []), tokenAuthenticator(deps, refuse), sessionAuthenticator(deps, refuse)],
    refuse,
    "This endpoint needs credentials.",
  );
}
