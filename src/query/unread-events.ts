import type { Scope } from "../auth/scope.js";
import type { Db } from "../store/db.js";
import { join, sql, type SqlRunner } from "../store/sql.js";
import { eventConditions } from "./filter-sql.js";
import { readCursor } from "./read-cursor.js";
import { toDate, toNumber, toRecord, type EventRow } from "./rows.js";
import type { EventFilter, EventRecord } from "./types.js";
import { clampLimit, parseConsumer } from "./validate.js";

/** A consumer's first read starts with the events of this last stretch of time, not with the whole history. */
export const FIRST_READ_WINDOW_MS = 24 * 60 * 60 * 1000;

/**
 * PostgreSQL only: how old an event must be before it is handed out. Ids come
 * from a sequence, so with several instances writing, a transaction holding a
 * lower id can commit after a higher one is already visible; a consumer that
 * read and marked the higher id would never see the lower one. If every
 * delivery commits within half this window of its received_at (the webhook
 * path stores within moments, and GitHub gives up after 10 s), a transaction
 * still open now took its id after some moment half a window ago, so any row
 * with a higher id was received less than a window ago: handing out only
 * rows older than the window, and none after the first younger one, skips
 * nothing. On SQLite every write takes the one write lock in turn, so ids
 * become visible in order.
 */
export const SETTLE_MS = 10_000;

export interface UnreadOptions {
  limit: number;
  /** Narrows what this call returns; the events it leaves out are passed over, and marking moves past them. */
  filter?: EventFilter;
  /** The caller's clock: for the first read's window and the settle window. */
  now?: Date;
}

export interface UnreadEvents {
  /** Oldest first, so none is skipped. */
  events: EventRecord[];
  /** Pass this to markEventsRead once the events are handled: the id of the last one, or where the cursor stands when there are none. */
  cursor: number;
  /** True when more unread events are waiting: call again after marking. */
  remaining: boolean;
}

interface UnreadRow extends EventRow {
  received_at: Date | number | bigint;
}

/** The id just before the first event of the window: where a consumer without a cursor starts. */
async function startOfWindow(db: SqlRunner, now: Date): Promise<number> {
  const [first] = await db.rows<{ id: number | bigint }>(
    sql`SELECT id FROM events WHERE occurred_at >= ${new Date(now.getTime() - FIRST_READ_WINDOW_MS)} ORDER BY occurred_at ASC, id ASC LIMIT 1`,
  );
  if (first) return toNumber(first.id) - 1;
  const [last] = await db.rows<{ id: number | bigint | null }>(sql`SELECT MAX(id) AS id FROM events`);
  return toNumber(last?.id ?? 0);
}

export interface EventsAfter extends UnreadEvents {
  /** PostgreSQL: when the first event held back by the settle window may be handed out; null when none is. */
  settlesAt: Date | null;
}

/**
 * The events after position `after` that the caller may see and the filter
 * keeps, oldest first, up to `limit`; on PostgreSQL only those outside the
 * settle window, and none after the first inside it.
 */
export async function eventsAfter(db: Db, scope: Scope, after: number, { limit, filter = {}, now = new Date() }: UnreadOptions): Promise<EventsAfter> {
  const bounded = clampLimit(limit);
  // The id range drives: a backlog of unread events is short, a repository's or an event type's events are not.
  const conditions = [sql`id > ${after}`, ...eventConditions(db.provider, scope, filter, null)];
  const rows = await db.rows<UnreadRow>(sql`SELECT id, event, received_at FROM events WHERE ${join(conditions, " AND ")} ORDER BY id ASC LIMIT ${bounded + 1}`);
  const settled = db.provider === "postgres" ? settledPrefix(rows, now) : rows;
  const events = settled.slice(0, bounded).map(toRecord);
  const held = settled.length < rows.length && settled.length < bounded ? rows[settled.length]! : null;
  return {
    events,
    cursor: events.at(-1)?.id ?? after,
    remaining: rows.length > events.length,
    settlesAt: held === null ? null : new Date(toDate(held.received_at).getTime() + SETTLE_MS),
  };
}

/** Where a consumer's next read starts: after its read cursor, or at the start of the first read's window. */
export async function readPosition(db: Db, scope: Scope, consumer: string, now: Date): Promise<number> {
  return (await readCursor(db, scope, parseConsumer(consumer))) ?? (await startOfWindow(db, now));
}

/**
 * The events after this consumer's read cursor that the caller may see,
 * oldest first. Reading does not move the cursor: markEventsRead does, so an
 * agent that fails half-way reads the same events again. The cursor belongs to
 * (token name, consumer).
 */
export async function unreadEvents(db: Db, scope: Scope, consumer: string, options: UnreadOptions): Promise<UnreadEvents> {
  const { events, cursor, remaining } = await eventsAfter(db, scope, await readPosition(db, scope, consumer, options.now ?? new Date()), options);
  return { events, cursor, remaining };
}

/** The rows before the first one still inside the settle window: a later one must wait until nothing before it can appear. */
function settledPrefix(rows: UnreadRow[], now: Date): UnreadRow[] {
  const fresh = rows.findIndex((row) => toDate(row.received_at).getTime() > now.getTime() - SETTLE_MS);
  return fresh === -1 ? rows : rows.slice(0, fresh);
}
