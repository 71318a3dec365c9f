import { scopePatterns, type Scope } from "../auth/scope.js";
import type { Db } from "../store/db.js";
import { indexHolds, type IndexedColumn } from "../store/event-indexes.js";
import { join, name, sql } from "../store/sql.js";
import { column } from "./index-hint.js";
import type { EventFilter } from "./types.js";
import { parseEventName, parseLogin, parseRepository } from "./validate.js";

/** Whose index scans the events: a filter column's, the scope's, or none (a query that scans by id). */
export type Driver = "repository" | "actor" | "event_type" | "scope" | null;

/**
 * Rows counted per candidate at most. Driving with the rarer value scans about
 * page size × events / rows of the other value (when the two are unrelated),
 * so once both exceed this count the scan stays under ~100 rows per result.
 */
const PROBE_ROWS = 10_000;

interface Candidate {
  driver: Exclude<Driver, null>;
  column: IndexedColumn;
  value: string;
}

/** Every column the query's conditions read besides occurred_at and id, which every index holds. */
function conditionColumns(scope: Scope, filter: EventFilter, found: Candidate[]): string[] {
  const columns: string[] = found.map((candidate) => candidate.column);
  if (!scope.allowPrivate) columns.push("private");
  if (filter.action !== undefined) columns.push("action");
  const patterns = scopePatterns(scope);
  if (patterns !== "all" && patterns.length > 1) columns.push("repository", "owner");
  return columns;
}

/**
 * What reading a row (to check a condition its index does not hold) costs
 * against stepping over one index entry that holds it: measured on
 * bench:query's data, an owner's releases took 10 ms driven by the release
 * index and reading rows, 1–2 ms scanning the owner's index for the type.
 */
const ROW_READ_COST = 30;

/**
 * The equalities an index could scan for, the most often rarest first: an
 * organization has more people than repositories, and far more of either than
 * event types. The order settles ties.
 */
function candidates(scope: Scope, filter: EventFilter): Candidate[] {
  const found: Candidate[] = [];
  if (filter.actor !== undefined) found.push({ driver: "actor", column: "actor", value: parseLogin(filter.actor) });
  if (filter.repository !== undefined) found.push({ driver: "repository", column: "repository", value: parseRepository(filter.repository) });
  if (filter.eventType !== undefined) found.push({ driver: "event_type", column: "event_type", value: parseEventName(filter.eventType, "eventType") });
  const patterns = scopePatterns(scope);
  const [only] = patterns === "all" ? [] : patterns;
  if (only !== undefined && patterns.length === 1) {
    found.push("owner" in only ? { driver: "scope", column: "owner", value: only.owner } : { driver: "scope", column: "repository", value: only.repository });
  }
  return found;
}

/**
 * Which index scans for a query with several indexed equalities. SQLite has
 * no statistics (the app never runs ANALYZE) and guesses: it scanned every
 * pull_request event for one repository's (137 ms), or a busy repository's
 * events for one person's (0.9 s). So on SQLite the candidates' rows are
 * counted up to PROBE_ROWS, one small index-only count each, and the one
 * that reads the least drives: the rarest, unless only another's index holds
 * every other condition. PostgreSQL's planner has statistics: no probe there.
 */
export async function chooseDriver(db: Db, scope: Scope, filter: EventFilter): Promise<Driver> {
  const found = candidates(scope, filter);
  if (found.length === 0) return "scope";
  if (found.length === 1 || db.provider !== "sqlite") return found[0]!.driver;
  const counts = found.map(
    (candidate, index) => sql`(SELECT count(*) FROM (SELECT 1 FROM events WHERE ${column(candidate.column)} = ${candidate.value} LIMIT ${PROBE_ROWS})) AS ${name(`c${index}`)}`,
  );
  const [row] = await db.rows<Record<string, number | bigint>>(sql`SELECT ${join(counts, ", ")}`);
  // Rows scanned per result grow with the driver's own count; times ROW_READ_COST when another condition needs the row.
  const needed = conditionColumns(scope, filter, found);
  const costs = found.map((candidate, index) => {
    const inIndex = needed.every((other) => indexHolds(candidate.column, other));
    return Number(row![`c${index}`]) * (inIndex ? 1 : ROW_READ_COST);
  });
  return found[costs.indexOf(Math.min(...costs))]!.driver;
}
