import type { IncomingMessage } from "node:http";
import type { Logger } from "pino";
import type { Config } from "../config.js";
import type { Handler } from "../http/route.js";
import type { PrismaDb } from "../store/db.js";
import { createAuthenticate, type Authenticate, type ResourceName } from "./authenticate.js";
import type { PrincipalStates } from "./caller.js";
import type { GitHubUserView } from "./github-users/users.js";
import { createPrincipalStates } from "./principal-states.js";

export interface IdentityDeps {
  config: Pick<Config, "oauth" | "oauthOff" | "github">;
  appPrivateKey: string;
  prisma: PrismaDb;
  clock: () => Date;
  log: Logger;
  signal: AbortSignal;
}

/** Who is asking, for every HTTP surface: cb_ tokens always, and with Sign in with GitHub on, OAuth tokens and people's console sessions. */
export interface Identity {
  authenticate(resource: ResourceName): Authenticate;
  principalStates: PrincipalStates;
  /** The sign-in's routes (authorization server, metadata, GitHub sign-in, consent, console sign-in and sign-out); none when it is off. */
  handlers: Handler[];
  consoleUser(req: IncomingMessage): Promise<{ user: GitHubUserView; csrf: string } | null>;
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
    return {
      authenticate: (resource) => createAuthenticate({ prisma, clock, log, oauth: null, resource }),
      principalStates: createPrincipalStates({ prisma }),
      handlers: [],
      consoleUser: async () => null,
      stop: async () => {},
    };
  }
  const { startSignIn } = await import("./oauth/sign-in-service.js");
  const signIn = startSignIn({ config: config.oauth, github: config.github, appPrivateKey, prisma, clock, log, signal });
  log.info({ issuer: config.oauth.baseUrl }, "Sign in with GitHub is on: OAuth for MCP hosts and the console");
  return {
    authenticate: (resource) => createAuthenticate({ prisma, clock, log, oauth: signIn.verifier, resource }),
    principalStates: createPrincipalStates({ prisma, grantStates: (ids) => signIn.grantStates(ids) }),
    handlers: signIn.handlers,
    consoleUser: (req) => signIn.consoleUser(req),
    stop: () => signIn.stop(),
  };
}
