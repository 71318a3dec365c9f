import type { Scope } from "../auth/scope.js";
import type { Db } from "../store/db.js";
import { empty, join, sql } from "../store/sql.js";
import type { Driver } from "./driver.js";
import { eventConditions } from "./filter-sql.js";
import { toNumber } from "./rows.js";
import { fts5Query, type SearchTerms } from "./search-terms.js";
import type { EventFilter } from "./types.js";

/** Matches read newest first, before the search looks further back another way. */
const NEWEST_MATCHES = 2000;
/** What FTS5 costs (bench/query.mjs, 1M events): telling whether one given row matches, and listing one match. */
const PROBE_MICROSECONDS = 75;
const LIST_MICROSECONDS = 0.2;

type IdRow = { id: number | bigint };

interface Search {
  db: Db;
  scope: Scope;
  filter: EventFilter;
  driver: Driver;
  match: string;
}

/**
 * The ids of the first `count` matching events below `before`, newest
 * (highest id) first, on SQLite. FTS5 hands out matches in rowid order
 * cheaply and stops early, so the newest NEWEST_MATCHES matches are read
 * first and checked against the scope and filter: enough for any word when
 * the filter is broad. When it is narrow (one quiet repository), the older
 * events are searched one of two ways, whichever the density of the newest
 * matches predicts is cheaper: the filter's events newest first, each asked
 * of FTS5 until the page is full (a common word), or all older matches listed
 * and joined with the filter's index (a rarer word).
 */
export async function sqliteSearchIds(db: Db, scope: Scope, terms: SearchTerms, filter: EventFilter, driver: Driver, before: number | null, count: number): Promise<number[]> {
  const search: Search = { db, scope, filter, driver, match: fts5Query(terms) };
  const below = before === null ? empty : sql` AND rowid < ${before}`;
  const newest = sql`SELECT rowid AS id FROM events_fts WHERE events_fts MATCH ${search.match}${below} ORDER BY rowid DESC LIMIT ${NEWEST_MATCHES}`;
  const found = await db.rows<IdRow>(
    sql`SELECT e.id FROM (${newest}) f CROSS JOIN events e ON e.id = f.id WHERE ${join(eventConditions(db.provider, scope, filter, null), " AND ")} ORDER BY f.id DESC LIMIT ${count}`,
  );
  const ids = found.map((row) => toNumber(row.id));
  if (ids.length === count) return ids;
  const [read] = await db.rows<{ n: number | bigint; lowest: number | bigint | null; highest: number | bigint | null }>(
    sql`SELECT count(*) AS n, MIN(id) AS lowest, MAX(id) AS highest FROM (${newest})`,
  );
  if (toNumber(read!.n) < NEWEST_MATCHES) return ids;
  const lowest = toNumber(read!.lowest!);
  const density = NEWEST_MATCHES / (toNumber(read!.highest!) - lowest + 1);
  const needed = count - ids.length;
  const probe = (PROBE_MICROSECONDS * needed) / density < LIST_MICROSECONDS * density * lowest;
  return [...ids, ...(await (probe ? probeOlder : listOlder)(search, lowest, needed))];
}

/** The filter's events below `lowest`, newest first, each asked of FTS5 until `needed` match. */
async function probeOlder({ db, scope, filter, driver, match }: Search, lowest: number, needed: number): Promise<number[]> {
  // LIMIT -1 keeps SQLite from flattening the subquery, so the ids come sorted before any is probed and the probing stops at `needed`.
  const rows = await db.rows<IdRow>(
    sql`SELECT c.id FROM (SELECT id FROM events WHERE ${join(eventConditions(db.provider, scope, filter, driver), " AND ")} AND id < ${lowest} ORDER BY id DESC LIMIT -1) c
      WHERE EXISTS (SELECT 1 FROM events_fts WHERE events_fts MATCH ${match} AND rowid = c.id) LIMIT ${needed}`,
  );
  return rows.map((row) => toNumber(row.id));
}

/** All matches below `lowest` as one set, joined with the filter's index. */
async function listOlder({ db, scope, filter, driver, match }: Search, lowest: number, needed: number): Promise<number[]> {
  const rows = await db.rows<IdRow>(
    sql`SELECT id FROM events WHERE id IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ${match} AND rowid < ${lowest})
      AND ${join(eventConditions(db.provider, scope, filter, driver), " AND ")} ORDER BY id DESC LIMIT ${needed}`,
  );
  return rows.map((row) => toNumber(row.id));
}
