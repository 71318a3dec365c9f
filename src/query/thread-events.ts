import { scopeCondition, type Scope } from "../auth/scope.js";
import type { Db } from "../store/db.js";
import { sql } from "../store/sql.js";
import { scopeWithoutIndex } from "./index-hint.js";
import { toRecord, type EventRow } from "./rows.js";
import type { EventRecord } from "./types.js";
import { clampLimit, parseNumber, parseRepository } from "./validate.js";

export const DEFAULT_THREAD_LIMIT = 200;
const MAX_THREAD_LIMIT = 1000;

export interface ThreadEvents {
  /** Oldest first: opened, comments, reviews, labels, CI results, merged or closed. */
  events: EventRecord[];
  /** True when the thread has more events than `limit`: the newest ones were left out. */
  truncated: boolean;
}

/** Every event of one issue, pull request or discussion the caller may see, in time order. */
export async function threadEvents(db: Db, scope: Scope, repository: string, number: number, { limit = DEFAULT_THREAD_LIMIT } = {}): Promise<ThreadEvents> {
  const bounded = clampLimit(limit, MAX_THREAD_LIMIT);
  const rows = await db.rows<EventRow>(
    sql`SELECT id, event FROM events WHERE repository = ${parseRepository(repository)} AND thread_number = ${parseNumber(number)}
      AND ${scopeCondition(scope, scopeWithoutIndex(db.provider))} ORDER BY occurred_at ASC, id ASC LIMIT ${bounded + 1}`,
  );
  return { events: rows.slice(0, bounded).map(toRecord), truncated: rows.length > bounded };
}
