import { labelNames, logins } from "../pick.js";
import { quote } from "../text.js";
import type { EventSubject, PayloadOf } from "../types.js";

/** Any pull request object a pull_request* payload carries (their shapes differ slightly between events). */
type PullRequest =
  | PayloadOf<"pull_request">["pull_request"]
  | PayloadOf<"pull_request_review">["pull_request"]
  | PayloadOf<"pull_request_review_comment">["pull_request"]
  | PayloadOf<"pull_request_review_thread">["pull_request"];

/** The pull request as it reads in a sentence: `pull request #2 "Fix login"`. */
export function pullRequestItem(pr: PullRequest): string {
  // The Events API's pull requests carry no title (github.com trims them).
  return pr.title ? `pull request #${pr.number} ${quote(pr.title)}` : `pull request #${pr.number}`;
}

export function pullRequestSubject(pr: PullRequest): EventSubject {
  const merged = "merged" in pr && pr.merged === true;
  return { type: "pull_request", number: pr.number, title: pr.title, state: merged ? "merged" : pr.state, url: pr.html_url };
}

/** The fields of a pull request an agent needs to decide what to do with it. */
export function pullRequestDetails(pr: PullRequest): Record<string, unknown> {
  const teams = (pr.requested_teams ?? []).map((team) => `team:${team.slug ?? team.name}`);
  return {
    author: pr.user?.login,
    base: pr.base.ref,
    head: pr.head.ref,
    draft: pr.draft ?? false,
    merged: "merged" in pr ? (pr.merged ?? false) : undefined,
    labels: labelNames(pr.labels),
    requested_reviewers: [...logins(pr.requested_reviewers), ...teams].slice(0, 10),
    additions: "additions" in pr ? pr.additions : undefined,
    deletions: "deletions" in pr ? pr.deletions : undefined,
    changed_files: "changed_files" in pr ? pr.changed_files : undefined,
  };
}
