import { compact, labelNames } from "../pick.js";
import { excerpt, quote, words } from "../text.js";
import type { EventSubject, FamilyNormalizers, PayloadOf } from "../types.js";
import { describeItemActivity, introducesText } from "./item-activity.js";

/** discussion_comment payloads carry the same discussion object. */
type Discussion = PayloadOf<"discussion">["discussion"];

function discussionItem(discussion: Discussion): string {
  return `discussion #${discussion.number} ${quote(discussion.title)}`;
}

function discussionSubject(discussion: Discussion): EventSubject {
  return { type: "discussion", number: discussion.number, title: discussion.title, state: discussion.state, url: discussion.html_url };
}

function discussionDetails(discussion: Discussion): Record<string, unknown> {
  return {
    category: discussion.category.name,
    author: discussion.user?.login,
    labels: "labels" in discussion ? labelNames(discussion.labels) : undefined,
    answered: discussion.answer_html_url !== null,
  };
}

function describeDiscussion(payload: PayloadOf<"discussion">, actor: string): string {
  const item = discussionItem(payload.discussion);
  switch (payload.action) {
    case "created":
      return `${actor} started ${item}`;
    case "answered":
      return `${actor} marked an answer on ${item}`;
    case "unanswered":
      return `${actor} unmarked the answer on ${item}`;
    case "category_changed":
      return `${actor} moved ${item} to category ${quote(payload.discussion.category.name)}`;
    case "transferred":
      return `${actor} transferred ${item} to ${payload.changes.new_repository.full_name}`;
    default:
      return describeItemActivity({ actor, action: payload.action, item, label: "label" in payload ? payload.label.name : undefined });
  }
}

export const discussionNormalizers = {
  discussion: (payload, actor) => {
    const discussion = payload.discussion;
    const announces = introducesText(payload.action);
    return {
      subject: discussionSubject(discussion),
      summary: describeDiscussion(payload, actor),
      details: compact({
        ...discussionDetails(discussion),
        body: announces ? excerpt(discussion.body) : undefined,
        answer: "answer" in payload ? excerpt(payload.answer.body) : undefined,
      }),
      texts: announces ? [discussion.title, discussion.body ?? ""] : [discussion.title],
    };
  },
  discussion_comment: (payload, actor) => {
    const { discussion, comment } = payload;
    const item = discussionItem(discussion);
    const commented = comment.parent_id ? `replied in ${item}` : `commented on ${item}`;
    return {
      subject: discussionSubject(discussion),
      summary: payload.action === "created" ? `${actor} ${commented}` : `${actor} ${words(payload.action)} a comment on ${item}`,
      details: compact({
        ...discussionDetails(discussion),
        comment_author: comment.user?.login,
        comment_body: excerpt(comment.body),
        comment_url: comment.html_url,
      }),
      texts: introducesText(payload.action) ? [discussion.title, comment.body] : [discussion.title],
    };
  },
} satisfies Partial<FamilyNormalizers>;
