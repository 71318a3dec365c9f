import type { FamilyNormalizers } from "../types.js";
import { issueItem, issueSubject } from "./issue-parts.js";

export const issueRelationNormalizers = {
  sub_issues: (payload, actor) => {
    const { parent_issue: parent, sub_issue: child } = payload;
    const added = payload.action === "sub_issue_added" || payload.action === "parent_issue_added";
    // sub_issue_* is delivered to the parent's repository, parent_issue_* to the sub-issue's.
    const subject = payload.action.startsWith("sub_issue") ? parent : child;
    return {
      subject: issueSubject(subject),
      summary: added ? `${actor} added ${issueItem(child)} as a sub-issue of ${issueItem(parent)}` : `${actor} removed ${issueItem(child)} as a sub-issue of ${issueItem(parent)}`,
      details: { parent: parent.number, sub_issue: child.number },
      texts: [parent.title, child.title],
    };
  },
  issue_dependencies: (payload, actor) => {
    const { blocked_issue: blocked, blocking_issue: blocking } = payload;
    const added = payload.action.endsWith("_added");
    // blocked_by_* is delivered to the blocked issue's repository, blocking_* to the blocking one's.
    const subject = payload.action.startsWith("blocked_by") ? blocked : blocking;
    return {
      subject: issueSubject(subject),
      summary: `${actor} marked ${issueItem(blocked)} as ${added ? "" : "no longer "}blocked by ${issueItem(blocking)}`,
      details: { blocked: blocked.number, blocking: blocking.number },
      texts: [blocked.title, blocking.title],
    };
  },
} satisfies Partial<FamilyNormalizers>;
