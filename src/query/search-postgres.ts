import type { Scope } from "../auth/scope.js";
import type { Db } from "../store/db.js";
import { empty, join, sql, type Fragment } from "../store/sql.js";
import type { Driver } from "./driver.js";
import { eventConditions } from "./filter-sql.js";
import { toNumber } from "./rows.js";
import type { SearchTerms } from "./search-terms.js";
import type { EventFilter } from "./types.js";

/** The newest events of the filter checked one by one first. */
const CANDIDATES = 300;
/** Then the older ones in id ranges at least this wide at first. */
const FIRST_WINDOW = 20_000;
const WINDOW_GROWTH = 4;

type IdRow = { id: number | bigint };

/**
 * The tsquery of the terms, against the GIN index's own expression,
 * to_tsvector('simple', search_text), or the index does not apply.
 */
function matches(terms: SearchTerms, table: Fragment = empty): Fragment {
  const queries = [
    ...(terms.words.length > 0 ? [sql`plainto_tsquery('simple', ${terms.words.join(" ")})`] : []),
    ...terms.prefixes.map((prefix) => sql`to_tsquery('simple', ${`${prefix}:*`})`),
  ];
  return sql`to_tsvector('simple', ${table}search_text) @@ (${join(queries, " && ")})`;
}

/**
 * The ids of the first `count` matching events below `before`, newest
 * (highest id) first, on PostgreSQL. Left to itself, the planner walks the
 * primary key backwards computing to_tsvector for every row (~17 µs each: a
 * word in 1% of events took 104 ms), or builds the GIN bitmap of every match
 * (a word in a quarter of them: 71 ms) to intersect with a repository. So the
 * filter's newest CANDIDATES events are checked first, enough for a common
 * word; the older ones are searched in id ranges, each WINDOW_GROWTH times
 * wider than the last, starting from the span the candidates covered, where
 * the GIN bitmap of a rarer word meets the filter's index and the primary
 * key's range.
 */
export async function postgresSearchIds(db: Db, scope: Scope, terms: SearchTerms, filter: EventFilter, driver: Driver, before: number | null, count: number): Promise<number[]> {
  const conditions = eventConditions(db.provider, scope, filter, driver);
  if (before !== null) conditions.push(sql`id < ${before}`);
  const candidates = await db.rows<IdRow & { hit: boolean }>(
    sql`SELECT c.id, ${matches(terms, sql`c.`)} AS hit FROM (SELECT id, search_text FROM events WHERE ${join(conditions, " AND ")} ORDER BY id DESC LIMIT ${CANDIDATES}) c ORDER BY c.id DESC`,
  );
  const ids = candidates
    .filter((row) => row.hit)
    .slice(0, count)
    .map((row) => toNumber(row.id));
  if (ids.length === count || candidates.length < CANDIDATES) return ids;
  let below = toNumber(candidates.at(-1)!.id);
  const span = toNumber(candidates[0]!.id) - below + 1;
  for (let width = Math.max(FIRST_WINDOW, span * WINDOW_GROWTH); ids.length < count && below > 1; width *= WINDOW_GROWTH) {
    const from = Math.max(1, below - width);
    const older = await db.rows<IdRow>(
      sql`SELECT id FROM events WHERE ${matches(terms)} AND ${join(eventConditions(db.provider, scope, filter, driver), " AND ")}
        AND id >= ${from} AND id < ${below} ORDER BY id DESC LIMIT ${count - ids.length}`,
    );
    ids.push(...older.map((row) => toNumber(row.id)));
    below = from;
  }
  return ids;
}
