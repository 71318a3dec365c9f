import { labelNames, logins } from "../pick.js";
import { quote } from "../text.js";
import type { EventSubject, PayloadOf } from "../types.js";

/** Any issue object an issue-related payload carries. */
type Issue = PayloadOf<"issues">["issue"] | PayloadOf<"issue_comment">["issue"] | PayloadOf<"issue_dependencies">["blocked_issue"];

/** Issue comments arrive for pull requests too; the issue then links to its pull request. */
function isPullRequest(issue: Issue): boolean {
  return "pull_request" in issue && Boolean(issue.pull_request);
}

/** The issue as it reads in a sentence: `issue #1 "Login is broken"`. */
export function issueItem(issue: Issue): string {
  return `${isPullRequest(issue) ? "pull request" : "issue"} #${issue.number} ${quote(issue.title)}`;
}

export function issueSubject(issue: Issue): EventSubject {
  return {
    type: isPullRequest(issue) ? "pull_request" : "issue",
    number: issue.number,
    title: issue.title,
    // Some payloads (pinned, unpinned) omit the state.
    state: issue.state ?? null,
    url: issue.html_url,
  };
}

export function issueDetails(issue: Issue): Record<string, unknown> {
  return {
    author: issue.user?.login,
    labels: labelNames(issue.labels),
    assignees: logins(issue.assignees),
    milestone: issue.milestone?.title,
    state_reason: issue.state_reason,
  };
}
