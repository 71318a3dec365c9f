import type { Scope } from "../auth/scope.js";
import type { Db } from "../store/db.js";
import { join, list, sql } from "../store/sql.js";
import { attentionThreads, REASON_ORDER, type AttentionReason } from "./attention-threads.js";
import { eventConditions } from "./filter-sql.js";
import { toRecord, type EventRow } from "./rows.js";
import { readPosition } from "./unread-events.js";
import { clampLimit, parseLogin } from "./validate.js";

/** What the rules read: issues, pull requests, what is said on them, and CI results. */
const EVENT_TYPES = ["issues", "issue_comment", "pull_request", "pull_request_review", "pull_request_review_comment", "check_run", "check_suite", "workflow_run", "status"];
/** The newest events read at the most: attention is about recent work, and this bounds a busy week's cost. */
export const MAX_ATTENTION_EVENTS = 5000;

export interface AttentionItem {
  repository: string;
  number: number;
  kind: "issue" | "pull_request";
  title: string | null;
  url: string | null;
  state: string | null;
  /** The reason it is listed under (the first of REASON_ORDER it has). */
  reason: AttentionReason;
  reasons: AttentionReason[];
  /** Something needing them arrived after their read position. */
  unread: boolean;
  /** The latest event that needs them. */
  updated_at: string;
  delivery_id: string;
  summary: string;
}

export interface AttentionOptions {
  since: Date;
  repository?: string;
  consumer: string;
  unreadOnly: boolean;
  limit: number;
  now: Date;
}

export interface Attention {
  login: string;
  items: AttentionItem[];
  unread: number;
  /** The read position unread is measured against. */
  cursor: number;
  /** More events than MAX_ATTENTION_EVENTS were in the period: the oldest were not read. */
  truncated: boolean;
}

/**
 * What needs a GitHub login in the events the caller may see since
 * `options.since`, newest first, each thread with its notification reasons and
 * whether it is unread (past the consumer's read position). GitHub's own
 * notifications API refuses GitHub App tokens, so this is computed from the
 * stored events.
 */
export async function attention(db: Db, scope: Scope, login: string, options: AttentionOptions): Promise<Attention> {
  const who = parseLogin(login, "login");
  const conditions = [
    ...eventConditions(db.provider, scope, { since: options.since, ...(options.repository && { repository: options.repository }) }, "scope"),
    sql`event_type IN ${list(EVENT_TYPES)}`,
  ];
  const rows = await db.rows<EventRow>(sql`SELECT id, event FROM events WHERE ${join(conditions, " AND ")} ORDER BY occurred_at DESC, id DESC LIMIT ${MAX_ATTENTION_EVENTS + 1}`);
  const records = rows.slice(0, MAX_ATTENTION_EVENTS).map(toRecord).reverse();
  const cursor = await readPosition(db, scope, options.consumer, options.now);
  const items = attentionThreads(records, who).map((thread): AttentionItem => {
    const latest = thread.triggers.reduce((a, b) => (b.record.id > a.record.id ? b : a));
    const unread = thread.triggers.filter((trigger) => trigger.record.id > cursor);
    const reasons = REASON_ORDER.filter((reason) => thread.triggers.some((trigger) => trigger.reason === reason));
    const listed = REASON_ORDER.find((reason) => (unread.length > 0 ? unread : thread.triggers).some((trigger) => trigger.reason === reason))!;
    return {
      repository: thread.repository,
      number: thread.number,
      kind: thread.kind,
      title: thread.title,
      url: thread.url,
      state: thread.state,
      reason: listed,
      reasons,
      unread: unread.length > 0,
      updated_at: latest.record.event.timestamp,
      delivery_id: latest.record.event.delivery_id,
      summary: latest.record.event.summary,
    };
  });
  const sorted = items.filter((item) => item.unread || !options.unreadOnly).sort((a, b) => b.updated_at.localeCompare(a.updated_at));
  return {
    login: who,
    items: sorted.slice(0, clampLimit(options.limit)),
    unread: items.filter((item) => item.unread).length,
    cursor,
    truncated: rows.length > MAX_ATTENTION_EVENTS,
  };
}
