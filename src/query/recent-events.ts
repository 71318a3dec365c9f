import { scopeBranches, type Scope } from "../auth/scope.js";
import type { Db } from "../store/db.js";
import { join, sql, type Fragment } from "../store/sql.js";
import { afterPosition, decodeCursor, encodeCursor } from "./cursor.js";
import { chooseDriver } from "./driver.js";
import { eventConditions } from "./filter-sql.js";
import { toDate, toRecord, type EventRow } from "./rows.js";
import type { EventFilter, EventPage, PageRequest } from "./types.js";
import { clampLimit } from "./validate.js";

export interface PagedEventRow extends EventRow {
  occurred_at: Date | number | bigint;
}

/** The page of `limit` rows out of `limit + 1` fetched: the extra row only says a next page exists. */
export function toPage(rows: PagedEventRow[], limit: number): EventPage {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    events: page.map(toRecord),
    nextCursor: rows.length > limit && last ? encodeCursor({ occurredAt: toDate(last.occurred_at), id: Number(last.id) }) : null,
  };
}

/** The caller's events, newest first, a page at a time. */
export async function recentEvents(db: Db, scope: Scope, filter: EventFilter, page: PageRequest): Promise<EventPage> {
  const limit = clampLimit(page.limit);
  const branches: Fragment[] = [];
  for (const branch of scopeBranches(scope)) {
    const conditions = eventConditions(db.provider, branch, filter, await chooseDriver(db, branch, filter));
    if (page.cursor !== undefined) conditions.push(afterPosition(decodeCursor(page.cursor)));
    branches.push(sql`WHERE ${join(conditions, " AND ")} ORDER BY occurred_at DESC, id DESC LIMIT ${limit + 1}`);
  }
  // Several branches are merged by their positions; only the page's rows are then read whole.
  const [only] = branches;
  const rows = await db.rows<PagedEventRow>(
    branches.length === 1
      ? sql`SELECT id, occurred_at, event FROM events ${only!}`
      : sql`SELECT id, occurred_at, event FROM events WHERE id IN (SELECT id FROM (${join(
          branches.map((branch) => sql`SELECT * FROM (SELECT id, occurred_at FROM events ${branch}) AS branch`),
          " UNION ALL ",
        )}) AS merged ORDER BY occurred_at DESC, id DESC LIMIT ${limit + 1}) ORDER BY occurred_at DESC, id DESC`,
  );
  return toPage(rows, limit);
}
