import type { Scope } from "../auth/scope.js";
import type { Db } from "../store/db.js";
import { afterPosition, decodeCursor, encodeCursor } from "./cursor.js";
import { chooseDriver } from "./driver.js";
import { eventConditions } from "./filter-sql.js";
import { scopeBranches } from "./scope-branches.js";
import { toDate, toRecord, type EventRow } from "./rows.js";
import { Sql } from "./sql.js";
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
  const sql = new Sql(db);
  const branches: string[] = [];
  for (const branch of scopeBranches(scope)) {
    const conditions = eventConditions(sql, branch, filter, await chooseDriver(db, branch, filter));
    if (page.cursor !== undefined) conditions.push(afterPosition(sql, decodeCursor(page.cursor)));
    branches.push(`WHERE ${conditions.join(" AND ")} ORDER BY occurred_at DESC, id DESC LIMIT ${sql.value(limit + 1)}`);
  }
  // Several branches are merged by their positions; only the page's rows are then read whole.
  const rows = await sql.rows<PagedEventRow>(
    branches.length === 1
      ? `SELECT id, occurred_at, event FROM events ${branches[0]}`
      : `SELECT id, occurred_at, event FROM events WHERE id IN (SELECT id FROM (` +
          branches.map((branch, index) => `SELECT * FROM (SELECT id, occurred_at FROM events ${branch}) AS branch${index}`).join(" UNION ALL ") +
          `) AS merged ORDER BY occurred_at DESC, id DESC LIMIT ${sql.value(limit + 1)}) ORDER BY occurred_at DESC, id DESC`,
  );
  return toPage(rows, limit);
}
