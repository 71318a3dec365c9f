import { compact } from "../pick.js";
import { excerpt, shortSha } from "../text.js";
import type { FamilyNormalizers, PayloadOf } from "../types.js";
import { describePayloadActivity, introducesText } from "./item-activity.js";
import { pullRequestDetails, pullRequestItem, pullRequestSubject } from "./pull-request-parts.js";

type Payload = PayloadOf<"pull_request">;

function reviewerOf(payload: Payload): string {
  if ("requested_reviewer" in payload && payload.requested_reviewer) return payload.requested_reviewer.login;
  if ("requested_team" in payload && payload.requested_team) return `team ${payload.requested_team.name}`;
  return "someone";
}

function describePullRequest(payload: Payload, actor: string): string {
  const pr = payload.pull_request;
  const item = pullRequestItem(pr);
  switch (payload.action) {
    case "opened":
      return `${actor} opened ${pr.draft ? "draft " : ""}${item}`;
    case "closed":
      if (pr.merged) return `${actor} merged ${item}`;
      // A trimmed Events API pull request does not say whether it was merged.
      return pr.merged === false ? `${actor} closed ${item} without merging` : `${actor} closed ${item}`;
    case "synchronize":
      return `${actor} pushed new commits to ${item}`;
    case "review_requested":
      return `${actor} requested a review from ${reviewerOf(payload)} on ${item}`;
    case "review_request_removed":
      return `${actor} removed the review request for ${reviewerOf(payload)} on ${item}`;
    case "converted_to_draft":
      return `${actor} converted ${item} to a draft`;
    case "ready_for_review":
      return `${actor} marked ${item} as ready for review`;
    case "auto_merge_enabled":
      return `${actor} enabled auto-merge for ${item}`;
    case "auto_merge_disabled":
      return `${actor} disabled auto-merge for ${item}`;
    case "enqueued":
      return `${actor} added ${item} to the merge queue`;
    case "dequeued":
      return `${actor} removed ${item} from the merge queue`;
    default:
      return describePayloadActivity(payload, actor, item);
  }
}

export const pullRequestNormalizers = {
  pull_request: (payload, actor) => {
    const pr = payload.pull_request;
    const announces = introducesText(payload.action);
    return {
      subject: pullRequestSubject(pr),
      summary: describePullRequest(payload, actor),
      details: compact({
        ...pullRequestDetails(pr),
        merged_by: pr.merged_by?.login,
        body: announces ? excerpt(pr.body) : undefined,
        before: "before" in payload ? shortSha(payload.before) : undefined,
        after: "after" in payload ? shortSha(payload.after) : undefined,
      }),
      texts: announces ? [pr.title, pr.body ?? ""] : [pr.title],
    };
  },
} satisfies Partial<FamilyNormalizers>;
