import type { GitHubOctokit } from "../octokit.js";

/**
 * Turns what the REST API lists about a repository's past into the webhook deliveries GitHub would
 * have sent at the time: an issue created in the window is an `issues.opened` at its created_at, a
 * pull request closed in it a `pull_request.closed` with `merged`, and so on. Pure: no I/O.
 */

type Rest = GitHubOctokit["rest"];
/** What one REST method answers, as Probot's own Octokit types it. */
type DataOf<M extends (...args: never[]) => Promise<{ data: unknown }>> = Awaited<ReturnType<M>>["data"];

export type Repository = DataOf<Rest["repos"]["get"]>;
export type Issue = DataOf<Rest["issues"]["listForRepo"]>[number];
export type IssueComment = DataOf<Rest["issues"]["listCommentsForRepo"]>[number];
export type PullRequest = DataOf<Rest["pulls"]["list"]>[number];
export type Review = DataOf<Rest["pulls"]["listReviews"]>[number];
export type ReviewComment = DataOf<Rest["pulls"]["listReviewCommentsForRepo"]>[number];
export type Release = DataOf<Rest["repos"]["listReleases"]>[number];
export type WorkflowRun = DataOf<Rest["actions"]["listWorkflowRunsForRepo"]>["workflow_runs"][number];

/** One delivery as GitHub would have sent it: a stable id, so importing twice stores it once. */
export interface HistoryEvent {
  id: string;
  name: string;
  payload: Record<string, unknown>;
  occurredAt: Date;
}

export interface HistoryWindow {
  repository: Repository;
  installationId: number;
  /** The window's start: BACKFILL_DAYS before the job was made. */
  since: Date;
  /** Where live events (webhooks, polling) of this repository begin: history from then on is already stored. */
  until: Date | null;
}

type User = { login: string; id: number; type?: string } | null | undefined;

export function inWindow(window: HistoryWindow, at: string | null | undefined): at is string {
  if (!at) return false;
  const time = Date.parse(at);
  return time >= window.since.getTime() && (window.until === null || time < window.until.getTime());
}

/** The delivery of `name.action` about `object` (under `key`), sent by `sender` (omitted when the list does not say who). */
function delivery(
  window: HistoryWindow,
  name: string,
  action: string,
  key: string,
  object: { id: number },
  at: string,
  sender: User,
  extra: Record<string, unknown> = {},
): HistoryEvent {
  const { repository } = window;
  const organization = repository.owner.type === "Organization" ? { login: repository.owner.login, id: repository.owner.id } : undefined;
  return {
    id: `backfill:${name}.${action}:${object.id}`,
    name,
    occurredAt: new Date(at),
    payload: {
      action,
      [key]: object,
      ...extra,
      repository,
      ...(sender ? { sender } : {}),
      ...(organization ? { organization } : {}),
      installation: { id: window.installationId },
    },
  };
}

/** An issue's opening and closing; a pull request's come from its own list, which says whether it was merged. */
export function issueEvents(window: HistoryWindow, issue: Issue): HistoryEvent[] {
  if (issue.pull_request) return [];
  const events: HistoryEvent[] = [];
  if (inWindow(window, issue.created_at)) events.push(delivery(window, "issues", "opened", "issue", issue, issue.created_at, issue.user));
  if (inWindow(window, issue.closed_at)) events.push(delivery(window, "issues", "closed", "issue", issue, issue.closed_at, issue.closed_by));
  return events;
}

/** A comment on an issue or a pull request's conversation, with the issue it belongs to. */
export function issueCommentEvents(window: HistoryWindow, comment: IssueComment, issue: Issue): HistoryEvent[] {
  return inWindow(window, comment.created_at) ? [delivery(window, "issue_comment", "created", "comment", comment, comment.created_at, comment.user, { issue })] : [];
}

export function pullRequestEvents(window: HistoryWindow, pr: PullRequest): HistoryEvent[] {
  const merged = pr.merged_at !== null;
  const withMerged = { ...pr, merged };
  const events: HistoryEvent[] = [];
  if (inWindow(window, pr.created_at)) events.push(delivery(window, "pull_request", "opened", "pull_request", withMerged, pr.created_at, pr.user));
  if (inWindow(window, pr.closed_at)) events.push(delivery(window, "pull_request", "closed", "pull_request", withMerged, pr.closed_at, null));
  return events;
}

/** A submitted review (a pending one is nobody's but its author's yet). */
export function reviewEvents(window: HistoryWindow, review: Review, pr: PullRequest): HistoryEvent[] {
  if (review.state === "PENDING" || !inWindow(window, review.submitted_at)) return [];
  // Webhooks spell a review's state in lower case.
  const submitted = { ...review, state: review.state.toLowerCase() };
  return [delivery(window, "pull_request_review", "submitted", "review", submitted, review.submitted_at, review.user, { pull_request: pr })];
}

export function reviewCommentEvents(window: HistoryWindow, comment: ReviewComment, pr: PullRequest): HistoryEvent[] {
  return inWindow(window, comment.created_at)
    ? [delivery(window, "pull_request_review_comment", "created", "comment", comment, comment.created_at, comment.user, { pull_request: pr })]
    : [];
}

export function releaseEvents(window: HistoryWindow, release: Release): HistoryEvent[] {
  return !release.draft && inWindow(window, release.published_at) ? [delivery(window, "release", "published", "release", release, release.published_at, release.author)] : [];
}

/** A finished run is its `completed`, at its last update; one still going, its `requested`. */
export function workflowRunEvents(window: HistoryWindow, run: WorkflowRun): HistoryEvent[] {
  if (run.status === "completed")
    return inWindow(window, run.updated_at) ? [delivery(window, "workflow_run", "completed", "workflow_run", run, run.updated_at, run.triggering_actor ?? run.actor)] : [];
  return inWindow(window, run.created_at) ? [delivery(window, "workflow_run", "requested", "workflow_run", run, run.created_at, run.triggering_actor ?? run.actor)] : [];
}

/** The issue a comment belongs to, by the number at the end of its issue_url. */
export function issueNumberOf(comment: IssueComment): number {
  return Number(comment.issue_url.slice(comment.issue_url.lastIndexOf("/") + 1));
}

/** The pull request a review comment belongs to, by the number at the end of its pull_request_url. */
export function pullNumberOf(comment: ReviewComment): number {
  return Number(comment.pull_request_url.slice(comment.pull_request_url.lastIndexOf("/") + 1));
}
