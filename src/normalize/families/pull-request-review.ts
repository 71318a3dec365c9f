import { compact } from "../pick.js";
import { excerpt, words } from "../text.js";
import type { FamilyNormalizers, PayloadOf } from "../types.js";
import { introducesText } from "./item-activity.js";
import { pullRequestDetails, pullRequestItem, pullRequestSubject } from "./pull-request-parts.js";

const REVIEW_VERBS: Record<string, string> = {
  approved: "approved",
  changes_requested: "requested changes on",
  commented: "reviewed",
};

function describeReview(payload: PayloadOf<"pull_request_review">, actor: string): string {
  const item = pullRequestItem(payload.pull_request);
  const state = payload.review.state.toLowerCase();
  switch (payload.action) {
    case "submitted":
      return `${actor} ${REVIEW_VERBS[state] ?? `reviewed (${words(state)})`} ${item}`;
    case "dismissed": {
      const reviewer = payload.review.user?.login;
      return `${actor} dismissed ${reviewer ? `${reviewer}'s review` : "a review"} on ${item}`;
    }
    default:
      return `${actor} ${words(payload.action)} a review on ${item}`;
  }
}

function describeReviewComment(payload: PayloadOf<"pull_request_review_comment">, actor: string): string {
  const item = pullRequestItem(payload.pull_request);
  if (payload.action === "created") return `${actor} commented on ${payload.comment.path} in ${item}`;
  return `${actor} ${words(payload.action)} a review comment on ${item}`;
}

export const pullRequestReviewNormalizers = {
  pull_request_review: (payload, actor) => {
    const { review, pull_request: pr } = payload;
    return {
      subject: pullRequestSubject(pr),
      summary: describeReview(payload, actor),
      details: compact({
        ...pullRequestDetails(pr),
        review_state: review.state.toLowerCase(),
        reviewer: review.user?.login,
        review_body: excerpt(review.body),
        review_url: review.html_url,
      }),
      texts: payload.action === "submitted" || payload.action === "edited" ? [pr.title, review.body ?? ""] : [pr.title],
    };
  },
  pull_request_review_comment: (payload, actor) => {
    const { comment, pull_request: pr } = payload;
    return {
      subject: pullRequestSubject(pr),
      summary: describeReviewComment(payload, actor),
      details: compact({
        ...pullRequestDetails(pr),
        path: comment.path,
        line: comment.line,
        comment_body: excerpt(comment.body),
        comment_url: comment.html_url,
      }),
      texts: introducesText(payload.action) ? [pr.title, comment.body] : [pr.title],
    };
  },
  pull_request_review_thread: (payload, actor) => {
    const pr = payload.pull_request;
    const [first] = payload.thread.comments;
    return {
      subject: pullRequestSubject(pr),
      summary: `${actor} ${payload.action === "resolved" ? "resolved" : "unresolved"} a review thread on ${pullRequestItem(pr)}`,
      details: compact({
        ...pullRequestDetails(pr),
        path: first?.path,
        thread_comments: payload.thread.comments.length,
        first_comment: excerpt(first?.body, 200),
      }),
      texts: [pr.title],
    };
  },
} satisfies Partial<FamilyNormalizers>;
