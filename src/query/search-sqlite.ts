import type { Scope } from "../auth/scope.js";
import type { Db } from "../store/db.js";
import type { Driver } from "./driver.js";
import { eventConditions } from "./filter-sql.js";
import { toNumber } from "./rows.js";
import { fts5Query, type SearchTerms } from "./search-terms.js";
import { Sql } from "./sql.js";
import type { EventFilter } from "./types.js";

/** Matches read newest first before the search falls back to reading all of them. */
const NEWEST_MATCHES = 2000;

type IdRow = { id: number | bigint };

/**
 * The ids of the first `count` matching events below `before`, newest
 * (highest id) first, on SQLite. FTS5 hands out matches in rowid order
 * cheaply and stops early, so the newest NEWEST_MATCHES matches are read
 * first and checked against the scope and filter one by one: enough for any
 * word when the filter is broad. When it is narrow (a common word in one
 * quiet repository), the rest of the matches are taken as a set and joined
 * with the filter's own index instead. (Asking FTS5 about rows one at a time
 * costs ~50-100 µs each, so the index cannot drive with FTS5 probes.)
 */
export async function sqliteSearchIds(db: Db, scope: Scope, terms: SearchTerms, filter: EventFilter, driver: Driver, before: number | null, count: number): Promise<number[]> {
  const match = fts5Query(terms);
  const newest = new Sql(db);
  const below = before === null ? "" : ` AND rowid < ${newest.value(before)}`;
  const matches = `SELECT rowid AS id FROM events_fts WHERE events_fts MATCH ${newest.value(match)}${below} ORDER BY rowid DESC LIMIT ${newest.value(NEWEST_MATCHES)}`;
  const found = await newest.rows<IdRow>(
    `SELECT e.id FROM (${matches}) f CROSS JOIN events e ON e.id = f.id WHERE ${eventConditions(newest, scope, filter, null).join(" AND ")} ORDER BY f.id DESC LIMIT ${newest.value(count)}`,
  );
  const ids = found.map((row) => toNumber(row.id));
  if (ids.length === count) return ids;
  const [read] = await newest.rows<{ n: number | bigint; lowest: number | bigint | null }>(`SELECT count(*) AS n, MIN(id) AS lowest FROM (${matches})`);
  if (toNumber(read!.n) < NEWEST_MATCHES) return ids;
  const rest = new Sql(db);
  const older = await rest.rows<IdRow>(
    `SELECT id FROM events WHERE id IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ${rest.value(match)} AND rowid < ${rest.value(toNumber(read!.lowest!))}) ` +
      `AND ${eventConditions(rest, scope, filter, driver).join(" AND ")} ORDER BY id DESC LIMIT ${rest.value(count - ids.length)}`,
  );
  return [...ids, ...older.map((row) => toNumber(row.id))];
}
