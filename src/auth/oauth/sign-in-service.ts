import { getOAuthProtectedResourceMetadataUrl } from "@modelcontextprotocol/server";
import type { IncomingMessage } from "node:http";
import type { Logger } from "pino";
import type { GitHubConfig, OAuthConfig } from "../../config.js";
import { probotGitHubOptions, tokenOctokit } from "../../github/octokit.js";
import type { Handler } from "../../http/route.js";
import { runPeriodically, type Periodic } from "../../periodic.js";
import type { PrismaDb } from "../../store/db.js";
import type { AccessTokenVerifier } from "../authenticate.js";
import { openSession } from "../console-sessions.js";
import { deriveKeys } from "../derived-keys.js";
import { AccessChecker } from "../github-users/access-checker.js";
import { GitHubSignIn } from "../github-users/github-sign-in.js";
import { GitHubUsers } from "../github-users/users.js";
import { SignInStates } from "./sign-in-states.js";
import { scopeKey } from "../scope.js";
import { sessionCookie } from "../session-cookie.js";
import { createAuthorizationServer } from "./authorization-server.js";
import { CONSOLE_SIGN_IN_PATH, GITHUB_CALLBACK_PATH, interactionRoutes } from "./interaction-routes.js";
import { oauthEndpoints } from "./oauth-endpoints.js";
import { pruneOAuthRecords } from "./prisma-adapter.js";
import { oauthResources } from "./resources.js";

export interface SignInServiceDeps {
  config: OAuthConfig;
  github: GitHubConfig;
  /** The GitHub App's private key: every key of the sign-in derives from it. */
  appPrivateKey: string;
  prisma: PrismaDb;
  clock: () => Date;
  log: Logger;
  /** Aborts the sign-in's GitHub calls at shutdown. */
  signal: AbortSignal;
}

export interface SignInService {
  handlers: Handler[];
  verifier: AccessTokenVerifier;
  /** The scope keys of the grants still valid, for the MCP session sweeps. */
  grantStates(grantIds: readonly string[]): Promise<Map<string, string>>;
  /** Where the console's "Sign in with GitHub" starts. */
  consoleSignInPath: string;
  stop(): Promise<void>;
}

const PRUNE_INTERVAL_MS = 60 * 60_000;

/**
 * Sign in with GitHub, assembled: the OAuth authorization server, the GitHub
 * web flow and consent, the console's sessions, the verification of the
 * access tokens it issued, and the schedule that keeps every signed-in user's
 * access in step with GitHub.
 */
export function startSignIn({ config, github, appPrivateKey, prisma, clock, log, signal }: SignInServiceDeps): SignInService {
  const oauthLog = log.child({ name: "sign-in" });
  const keys = deriveKeys(appPrivateKey);
  const resources = oauthResources(config.baseUrl);
  const users = new GitHubUsers({ prisma, sealingKey: keys.sealing });
  const octokitOptions = { apiBaseUrl: github.apiBaseUrl, signal, log: oauthLog };
  const { Octokit } = probotGitHubOptions(octokitOptions);
  const signIn = new GitHubSignIn({
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    callbackUrl: `${config.baseUrl}${GITHUB_CALLBACK_PATH}`,
    request: new Octokit().request,
  });
  const userOctokit = (token: string) => tokenOctokit(token, octokitOptions);
  const checker = new AccessChecker({ users, signIn, userOctokit, clock, log: oauthLog });
  const provider = createAuthorizationServer({ config, keys, prisma, clock, log: oauthLog, recheckAccess: (userId) => checker.recheck(userId) });
  const states = new SignInStates(prisma, clock);
  const openConsoleSession = async (req: IncomingMessage, userId: number) => {
    const secret = await openSession(prisma, { userId }, { now: clock(), ttlMs: config.sessionTtlSeconds * 1000, userAgent: req.headers["user-agent"] });
    return sessionCookie(req, secret, config.sessionTtlSeconds);
  };

  const schedules: Periodic[] = [
    runPeriodically(
      config.accessRecheckMs,
      async () => void (await checker.recheckDue(config.accessRecheckMs)),
      (error) => oauthLog.warn({ err: error }, "could not re-check signed-in users' access on GitHub; trying again at the next interval"),
    ),
    runPeriodically(
      PRUNE_INTERVAL_MS,
      async () => {
        await pruneOAuthRecords(prisma, clock());
        await states.prune();
      },
      (error) => oauthLog.warn({ err: error }, "could not delete expired sign-in records; trying again at the next interval"),
    ),
  ];

  const verifier: AccessTokenVerifier = {
    resourceMetadataUrl: (resource) => getOAuthProtectedResourceMetadataUrl(new URL(resources[resource])),
    async verify(token, resource) {
      const accessToken = await provider.AccessToken.find(token);
      if (!accessToken) return null;
      if (accessToken.aud !== resources[resource]) return "wrong-resource";
      const user = accessToken.accountId ? await users.find(Number(accessToken.accountId)) : null;
      if (user === null) return null;
      return { kind: "oauth", id: `grant:${accessToken.grantId}`, name: user.login, scope: user.scope, isAdmin: user.isAdmin, csrfToken: null, sessionId: null };
    },
  };

  return {
    handlers: [
      interactionRoutes({ provider, resources, users, signIn, userOctokit, states, openConsoleSession, csrfKey: keys.csrf, clock, log: oauthLog }),
      oauthEndpoints(provider, resources, config.baseUrl),
    ],
    verifier,
    consoleSignInPath: CONSOLE_SIGN_IN_PATH,
    async grantStates(grantIds) {
      const states = new Map<string, string>();
      for (const grantId of grantIds) {
        const grant = await provider.Grant.find(grantId);
        const user = grant?.accountId ? await users.find(Number(grant.accountId)) : null;
        if (user !== null) states.set(grantId, scopeKey(user.scope));
      }
      return states;
    },
    async stop() {
      await Promise.all(schedules.map((schedule) => schedule.stop()));
    },
  };
}
