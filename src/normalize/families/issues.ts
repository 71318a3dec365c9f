import { compact } from "../pick.js";
import { excerpt, quote, words } from "../text.js";
import type { FamilyNormalizers, PayloadOf } from "../types.js";
import { issueDetails, issueItem, issueSubject } from "./issue-parts.js";
import { describePayloadActivity, introducesText } from "./item-activity.js";

const CLOSE_REASONS: Record<string, string> = {
  completed: " as completed",
  not_planned: " as not planned",
  duplicate: " as a duplicate",
};

function describeIssue(payload: PayloadOf<"issues">, actor: string): string {
  const item = issueItem(payload.issue);
  switch (payload.action) {
    case "closed":
      return `${actor} closed ${item}${CLOSE_REASONS[payload.issue.state_reason ?? ""] ?? ""}`;
    case "transferred":
      return `${actor} transferred ${item} to ${payload.changes.new_repository.full_name}`;
    case "typed":
      return `${actor} set the type of ${item} to ${quote(payload.type?.name)}`;
    case "untyped":
      return `${actor} removed the type of ${item}`;
    default:
      return describePayloadActivity(payload, actor, item);
  }
}

export const issuesNormalizers = {
  issues: (payload, actor) => {
    const issue = payload.issue;
    const announces = introducesText(payload.action);
    return {
      subject: issueSubject(issue),
      summary: describeIssue(payload, actor),
      details: compact({ ...issueDetails(issue), assignee: "assignee" in payload ? payload.assignee?.login : undefined, body: announces ? excerpt(issue.body) : undefined }),
      texts: announces ? [issue.title, issue.body ?? ""] : [issue.title],
    };
  },
  issue_comment: (payload, actor) => {
    const { issue, comment } = payload;
    const item = issueItem(issue);
    return {
      subject: issueSubject(issue),
      summary: payload.action === "created" ? `${actor} commented on ${item}` : `${actor} ${words(payload.action)} a comment on ${item}`,
      details: compact({
        ...issueDetails(issue),
        comment_author: comment.user?.login,
        comment_body: excerpt(comment.body),
        comment_url: comment.html_url,
      }),
      texts: introducesText(payload.action) ? [issue.title, comment.body] : [issue.title],
    };
  },
} satisfies Partial<FamilyNormalizers>;
