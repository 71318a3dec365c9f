import type { Logger } from "pino";
import type { GitHubOctokit } from "../octokit.js";
import type { ApiEvent } from "./translate.js";

const WITH_PULL_REQUEST = new Set(["PullRequestEvent", "PullRequestReviewEvent", "PullRequestReviewCommentEvent", "PullRequestReviewThreadEvent"]);

const trimmed = (event: ApiEvent): boolean => {
  const pr = event.payload?.pull_request;
  return WITH_PULL_REQUEST.has(event.type ?? "") && typeof pr === "object" && pr !== null && typeof (pr as { title?: unknown }).title !== "string";
};

/**
 * github.com's Events API sends pull requests trimmed to their number and branches (since
 * October 2025): these events get the pull request as GET /repos/{owner}/{repo}/pulls/{number}
 * reads it now, one request per pull request and poll, so that summaries name its title and
 * whether it was merged. What it reads is today's state (an "opened" event of a pull request
 * merged since shows it merged). A pull request that cannot be read leaves the event as it was.
 */
export async function completePullRequests(octokit: GitHubOctokit, events: readonly ApiEvent[], log: Logger): Promise<ApiEvent[]> {
  const read = new Map<string, Promise<Record<string, unknown> | null>>();
  const pullRequest = (repo: string, number: number) => {
    const key = `${repo}#${number}`;
    if (!read.has(key))
      read.set(
        key,
        octokit.request(`GET /repos/${repo}/pulls/{number}`, { number }).then(
          ({ data }) => data as Record<string, unknown>,
          (error: unknown) => {
            // Stopping: the poll ends here rather than storing what it could not complete.
            if (error instanceof Error && error.name === "AbortError") throw error;
            log.debug({ err: error, pull_request: key }, "could not read a pull request to complete a polled event; keeping GitHub's trimmed one");
            return null;
          },
        ),
      );
    return read.get(key)!;
  };
  return Promise.all(
    events.map(async (event) => {
      if (!trimmed(event)) return event;
      const number = (event.payload.pull_request as { number?: unknown }).number ?? event.payload.number;
      if (typeof number !== "number") return event;
      const full = await pullRequest(event.repo.name, number);
      return full === null ? event : { ...event, payload: { ...event.payload, pull_request: full } };
    }),
  );
}
