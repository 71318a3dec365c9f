import type { Logger } from "pino";
import type { Config } from "../config.js";
import type { Handler } from "../http/route.js";
import type { PrismaDb } from "../store/db.js";
import type { PrincipalStates, ResolvePrincipal } from "./principal.js";
import { createPrincipalStates } from "./principal-states.js";
import { mcpPrincipals, operatorPrincipals } from "./principals.js";

export interface IdentityDeps {
  config: Pick<Config, "oauth" | "oauthOff" | "github">;
  /** The keys of Sign in with GitHub derive from it; null without an app, when it is off. */
  appPrivateKey: string | null;
  prisma: PrismaDb;
  clock: () => Date;
  log: Logger;
  signal: AbortSignal;
}

/** Who is asking, for every HTTP surface: cb_ tokens always; with Sign in with GitHub on, OAuth tokens and people's GitHub sign-in too. */
export interface Identity {
  /** MCP's principals: bearer credentials only. */
  mcp: ResolvePrincipal;
  /** The REST API's and the console's: bearer credentials, then the console's session cookie. */
  operator: ResolvePrincipal;
  principalStates: PrincipalStates;
  /** The sign-in's routes (authorization server, metadata, GitHub sign-in, consent); none when it is off. */
  handlers: Handler[];
  /** Where the console's "Sign in with GitHub" starts (it takes ?next=/path); null when it is off. */
  gitHubSignInPath: string | null;
  stop(): Promise<void>;
}

/**
 * The identity layer. Sign in with GitHub is loaded only when configured
 * (BASE_URL, GITHUB_CLIENT_ID, GITHUB_CLIENT_SECRET); otherwise start-up
 * says so once and only cb_ tokens are accepted.
 */
export async function startIdentity({ config, appPrivateKey, prisma, clock, log, signal }: IdentityDeps): Promise<Identity> {
  if (config.oauth === null) {
    log.info(config.oauthOff ?? "Sign in with GitHub is off");
    const deps = { prisma, clock, log, oauth: null };
    return {
      mcp: mcpPrincipals(deps),
      operator: operatorPrincipals(deps),
      principalStates: createPrincipalStates({ prisma }),
      handlers: [],
      gitHubSignInPath: null,
      stop: async () => {},
    };
  }
  if (appPrivateKey === null) throw new Error("Sign in with GitHub needs the GitHub App's private key (PRIVATE_KEY).");
  const { startSignIn } = await import("./oauth/sign-in-service.js");
  const signIn = startSignIn({ config: config.oauth, github: config.github, appPrivateKey, prisma, clock, log, signal });
  log.info({ issuer: config.oauth.baseUrl }, "Sign in with GitHub is on: OAuth for MCP hosts, the REST API and the console");
  const deps = { prisma, clock, log, oauth: signIn.verifier };
  return {
    mcp: mcpPrincipals(deps),
    operator: operatorPrincipals(deps),
    principalStates: createPrincipalStates({ prisma, grantStates: (ids) => signIn.grantStates(ids) }),
    handlers: signIn.handlers,
    gitHubSignInPath: signIn.consoleSignInPath,
    stop: () => signIn.stop(),
  };
}
