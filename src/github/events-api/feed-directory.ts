import type { Logger } from "pino";
import type { GitHubOctokit } from "../octokit.js";
import type { FeedRef } from "./feed-store.js";

export interface FeedSources {
  /** The app's Octokit (authenticated as the app), to list its installations; null without an app. */
  app: GitHubOctokit | null;
  /** An Octokit with the installation's token. */
  installation: (id: number) => Promise<GitHubOctokit>;
  /** GITHUB_POLL_USERS: whose events the personal token (GITHUB_TOKEN) reads. */
  users: readonly string[];
  log: Logger;
}

interface Installation {
  id: number;
  account: { login: string; type?: string } | null;
}

/**
 * Every feed to poll: for each installation its organization's events and each
 * repository's it can access (a private repository's events come only from its
 * own feed), and each configured user's own and received events.
 */
export async function listFeeds({ app, installation, users, log }: FeedSources): Promise<FeedRef[]> {
  const feeds: FeedRef[] = [];
  if (app) {
    const installations = (await app.paginate("GET /app/installations", { per_page: 100 })) as Installation[];
    for (const { id, account } of installations) {
      // One installation GitHub will not give a token for (suspended, say) must not stop the others'.
      try {
        const octokit = await installation(id);
        const repositories = (await octokit.paginate("GET /installation/repositories", { per_page: 100 })) as { full_name: string }[];
        if (account?.type === "Organization") feeds.push({ path: `/orgs/${account.login}/events`, installationId: id });
        for (const repository of repositories) feeds.push({ path: `/repos/${repository.full_name}/events`, installationId: id });
      } catch (error) {
        log.warn({ err: error, installation: id, account: account?.login }, "could not list an installation's repositories; its feeds are not polled until it can be");
      }
    }
  }
  for (const login of users) feeds.push({ path: `/users/${login}/events`, installationId: null }, { path: `/users/${login}/received_events`, installationId: null });
  return feeds;
}
