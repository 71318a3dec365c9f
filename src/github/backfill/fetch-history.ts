import type { GitHubOctokit } from "../octokit.js";
import {
  issueCommentEvents,
  issueEvents,
  issueNumberOf,
  pullNumberOf,
  pullRequestEvents,
  releaseEvents,
  reviewCommentEvents,
  reviewEvents,
  workflowRunEvents,
  type HistoryEvent,
  type HistoryWindow,
  type Issue,
  type PullRequest,
} from "./history-events.js";

/** A job's steps, in order; a resumed job skips those it finished. */
export const BACKFILL_STEPS = ["issues", "pull_requests", "releases", "workflow_runs"] as const;
export type BackfillStep = (typeof BACKFILL_STEPS)[number];

const PER_PAGE = 100;
const updatedSince = (since: Date, at: string) => Date.parse(at) >= since.getTime();

/**
 * Issues updated in the window (opened or closed in it, or commented on) and every comment written in it,
 * on issues and pull requests alike (GitHub lists both as issues). Two paginated lists: `since` bounds both.
 */
async function issuesStep(octokit: GitHubOctokit, window: HistoryWindow, owner: string, repo: string): Promise<HistoryEvent[]> {
  const since = window.since.toISOString();
  const issues = new Map<number, Issue>();
  for await (const { data } of octokit.paginate.iterator("GET /repos/{owner}/{repo}/issues", {
    owner,
    repo,
    state: "all",
    since,
    sort: "updated",
    direction: "desc",
    per_page: PER_PAGE,
  }))
    for (const issue of data) issues.set(issue.number, issue);
  const events = [...issues.values()].flatMap((issue) => issueEvents(window, issue));
  for await (const { data } of octokit.paginate.iterator("GET /repos/{owner}/{repo}/issues/comments", {
    owner,
    repo,
    since,
    sort: "created",
    direction: "asc",
    per_page: PER_PAGE,
  }))
    for (const comment of data) {
      const issue = issues.get(issueNumberOf(comment));
      if (issue) events.push(...issueCommentEvents(window, comment, issue));
    }
  return events;
}

/**
 * Pull requests updated in the window (newest first, so paging stops at the first older one), the reviews
 * of each (GitHub lists them per pull request only) and every review comment written in the window.
 */
async function pullRequestsStep(octokit: GitHubOctokit, window: HistoryWindow, owner: string, repo: string): Promise<HistoryEvent[]> {
  const pulls = new Map<number, PullRequest>();
  for await (const { data } of octokit.paginate.iterator("GET /repos/{owner}/{repo}/pulls", {
    owner,
    repo,
    state: "all",
    sort: "updated",
    direction: "desc",
    per_page: PER_PAGE,
  })) {
    const recent = data.filter((pr) => updatedSince(window.since, pr.updated_at));
    for (const pr of recent) pulls.set(pr.number, pr);
    if (recent.length < data.length) break;
  }
  const events = [...pulls.values()].flatMap((pr) => pullRequestEvents(window, pr));
  for (const pr of pulls.values())
    for await (const { data } of octokit.paginate.iterator("GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews", { owner, repo, pull_number: pr.number, per_page: PER_PAGE }))
      for (const review of data) events.push(...reviewEvents(window, review, pr));
  for await (const { data } of octokit.paginate.iterator("GET /repos/{owner}/{repo}/pulls/comments", {
    owner,
    repo,
    since: window.since.toISOString(),
    sort: "created",
    direction: "asc",
    per_page: PER_PAGE,
  }))
    for (const comment of data) {
      const pr = pulls.get(pullNumberOf(comment));
      if (pr) events.push(...reviewCommentEvents(window, comment, pr));
    }
  return events;
}

/** Releases, newest first: paging stops at the first one made before the window. */
async function releasesStep(octokit: GitHubOctokit, window: HistoryWindow, owner: string, repo: string): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  for await (const { data } of octokit.paginate.iterator("GET /repos/{owner}/{repo}/releases", { owner, repo, per_page: PER_PAGE })) {
    for (const release of data) events.push(...releaseEvents(window, release));
    if (data.some((release) => !updatedSince(window.since, release.created_at))) break;
  }
  return events;
}

/** Workflow runs created in the window (the API filters by date). */
async function workflowRunsStep(octokit: GitHubOctokit, window: HistoryWindow, owner: string, repo: string): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  const created = `>=${window.since.toISOString().slice(0, 19)}Z`;
  for await (const { data } of octokit.paginate.iterator("GET /repos/{owner}/{repo}/actions/runs", { owner, repo, created, per_page: PER_PAGE }))
    for (const run of data) events.push(...workflowRunEvents(window, run));
  return events;
}

const STEPS: Record<BackfillStep, typeof issuesStep> = {
  issues: issuesStep,
  pull_requests: pullRequestsStep,
  releases: releasesStep,
  workflow_runs: workflowRunsStep,
};

/** The deliveries one step finds in the window, through Octokit's pagination (and Probot's throttling). */
export function fetchHistoryStep(step: BackfillStep, octokit: GitHubOctokit, window: HistoryWindow): Promise<HistoryEvent[]> {
  const [owner, repo] = window.repository.full_name.split("/") as [string, string];
  return STEPS[step](octokit, window, owner, repo);
}
