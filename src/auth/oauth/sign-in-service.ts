import type { IncomingMessage } from "node:http";
import type { Logger } from "pino";
import type { GitHubConfig, OAuthConfig } from "../../config.js";
import { probotGitHubOptions, tokenOctokit } from "../../github/octokit.js";
import type { Handler } from "../../http/route.js";
import { runPeriodically, type Periodic } from "../../periodic.js";
import type { PrismaDb } from "../../store/db.js";
import type { AccessTokenVerifier } from "../authenticate.js";
import { scopeKey } from "../caller.js";
import { deriveKeys } from "../derived-keys.js";
import { AccessChecker } from "../github-users/access-checker.js";
import { GitHubSignIn } from "../github-users/github-sign-in.js";
import { GitHubUsers, type GitHubUserView } from "../github-users/users.js";
import { ConsoleSessions, readCookie, SESSION_COOKIE } from "../people/console-sessions.js";
import { SignInStates } from "../people/sign-in-states.js";
import { createAuthorizationServer } from "./authorization-server.js";
import { consoleRoutes } from "../people/console-routes.js";
import { GITHUB_CALLBACK_PATH, interactionRoutes, LOGIN_PATH } from "./interaction-routes.js";
import { oauthEndpoints } from "./oauth-endpoints.js";
import { pruneOAuthRecords } from "./prisma-adapter.js";
import { oauthResources } from "./resources.js";
import { getOAuthProtectedResourceMetadataUrl } from "@modelcontextprotocol/server";

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
  /** The person a console request's session cookie stands for, with the CSRF token its forms must carry. */
  consoleUser(req: IncomingMessage): Promise<{ user: GitHubUserView; csrf: string } | null>;
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
  const signIn = new GitHubSignIn({ clientId: config.clientId, clientSecret: config.clientSecret, callbackUrl: `${config.baseUrl}${GITHUB_CALLBACK_PATH}`, request: new Octokit().request });
  const userOctokit = (token: string) => tokenOctokit(token, octokitOptions);
  const checker = new AccessChecker({ users, signIn, userOctokit, clock, log: oauthLog });
  const provider = createAuthorizationServer({ config, keys, prisma, clock, log: oauthLog, recheckAccess: (userId) => checker.recheck(userId) });
  const states = new SignInStates(prisma, clock);
  const sessions = new ConsoleSessions({ prisma, ttlSeconds: config.sessionTtlSeconds, csrfKey: keys.csrf, clock });
  const secureCookies = config.baseUrl.startsWith("https:");

  const schedules: Periodic[] = [
    runPeriodically(config.accessRecheckMs, async () => void (await checker.recheckDue(config.accessRecheckMs)), (error) =>
      oauthLog.warn({ err: error }, "could not re-check signed-in users' access on GitHub; trying again at the next interval"),
    ),
    runPeriodically(
      PRUNE_INTERVAL_MS,
      async () => {
        await pruneOAuthRecords(prisma, clock());
        await states.prune();
        await sessions.prune();
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
      return { scope: user.scope, principal: `grant:${accessToken.grantId}`, isAdmin: user.isAdmin };
    },
  };

  return {
    handlers: [
      interactionRoutes({ provider, resources, users, signIn, userOctokit, states, sessions, csrfKey: keys.csrf, secureCookies, clock, log: oauthLog }),
      consoleRoutes({ users, sessions, secureCookies, loginPath: LOGIN_PATH }),
      oauthEndpoints(provider, resources, config.baseUrl),
    ],
    verifier,
    async grantStates(grantIds) {
      const states = new Map<string, string>();
      for (const grantId of grantIds) {
        const grant = await provider.Grant.find(grantId);
        const user = grant?.accountId ? await users.find(Number(grant.accountId)) : null;
        if (user !== null) states.set(grantId, scopeKey(user.scope));
      }
      return states;
    },
    async consoleUser(req) {
      const token = readCookie(req, SESSION_COOKIE);
      const session = token === undefined ? null : await sessions.userOf(token);
      const user = session === null ? null : await users.find(session.userId);
      return user === null ? null : { user, csrf: sessions.csrfToken(token!) };
    },
    async stop() {
      await Promise.all(schedules.map((schedule) => schedule.stop()));
    },
  };
}
