import type { Logger } from "pino";
import { SealError } from "../secret-box.js";
import { readGitHubAccess, type UserOctokit } from "./github-access.js";
import { expiresSoon, type GitHubSignIn } from "./github-sign-in.js";
import type { GitHubUsers, GitHubUserView } from "./users.js";

export interface AccessCheckerDeps {
  users: GitHubUsers;
  signIn: GitHubSignIn;
  /** An Octokit authenticated with a user's token, against the configured GitHub. */
  userOctokit: (token: string) => UserOctokit;
  clock: () => Date;
  log: Logger;
}

const statusOf = (error: unknown) => (error as { status?: unknown } | null)?.status;
/** GitHub refusing the token (revoked, the app uninstalled) or the refresh token (expired, reused). */
const refused = (error: unknown) => statusOf(error) === 401 || statusOf(error) === 400;

/** Users checked per run at most; the rest wait for the next run. */
const BATCH = 50;

/**
 * Keeps what signed-in users may see in step with GitHub: their token is
 * refreshed when it expires, and their installations and repositories read
 * again. When GitHub no longer accepts the token, the user sees nothing until
 * they sign in again; when GitHub cannot be reached, the last answer stands.
 */
export class AccessChecker {
  constructor(private readonly deps: AccessCheckerDeps) {}

  async recheck(userId: number): Promise<GitHubUserView | null> {
    const { users, signIn, userOctokit, clock, log } = this.deps;
    let credentials;
    try {
      credentials = await users.credentials(userId);
    } catch (error) {
      if (!(error instanceof SealError)) throw error;
      await users.revokeAccess(userId, "the stored GitHub token can no longer be opened (the app's private key changed); sign in again", clock());
      return users.find(userId);
    }
    if (credentials === null) return null;
    try {
      if (expiresSoon(credentials, clock())) credentials = await signIn.refresh(credentials);
      const access = await readGitHubAccess(userOctokit(credentials.token));
      if (access.user.id !== userId) throw Object.assign(new Error("the token belongs to another GitHub user"), { status: 401 });
      return await users.saveAccess(access, credentials, clock());
    } catch (error) {
      if (refused(error)) {
        log.info({ userId, status: statusOf(error) }, "GitHub no longer accepts a signed-in user's token: they see nothing until they sign in again");
        await users.revokeAccess(userId, `GitHub refused the user's token (${String(statusOf(error))}); sign in again`, clock());
      } else {
        log.warn({ err: error, userId }, "could not re-read a signed-in user's access from GitHub; the last known access stays until the next check");
        await users.noteCheckFailed(userId, clock());
      }
      return users.find(userId);
    }
  }

  /** Re-checks the users not checked for `maxAgeMs`, one batch; each is claimed first, so instances sharing a database check each user once. */
  async recheckDue(maxAgeMs: number): Promise<number> {
    const { users, clock } = this.deps;
    const due = await users.claimDue(new Date(clock().getTime() - maxAgeMs), clock(), BATCH);
    for (const userId of due) await this.recheck(userId);
    return due.length;
  }
}
