import type { Scope } from "../auth/scope.js";
import type { Db } from "../store/db.js";
import { Sql } from "./sql.js";
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
  column: string;
  value: string;
}

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
  const [pattern, ...others] = scope.repositories;
  if (pattern !== undefined && pattern !== "*" && others.length === 0) {
    const [owner, name] = pattern.toLowerCase().split("/");
    found.push(name === "*" ? { driver: "scope", column: "owner", value: owner! } : { driver: "scope", column: "repository", value: pattern.toLowerCase() });
  }
  return found;
}

/**
 * Which index scans for a query with several indexed equalities. SQLite has
 * no statistics (the app never runs ANALYZE) and guesses: it scanned every
 * pull_request event for one repository's (137 ms), or a busy repository's
 * events for one person's (0.9 s). So on SQLite the candidates' rows are
 * counted up to PROBE_ROWS, one small index-only count each, and the rarest
 * drives. PostgreSQL's planner has statistics: no probe there.
 */
export async function chooseDriver(db: Db, scope: Scope, filter: EventFilter): Promise<Driver> {
  const found = candidates(scope, filter);
  if (found.length === 0) return "scope";
  if (found.length === 1 || db.provider !== "sqlite") return found[0]!.driver;
  const sql = new Sql(db);
  const counts = found.map((candidate) => `(SELECT count(*) FROM (SELECT 1 FROM events WHERE ${candidate.column} = ${sql.value(candidate.value)} LIMIT ${PROBE_ROWS}))`);
  const [row] = await sql.rows<Record<string, number | bigint>>(`SELECT ${counts.map((count, index) => `${count} AS c${index}`).join(", ")}`);
  const rows = found.map((_, index) => Number(row![`c${index}`]));
  return found[rows.indexOf(Math.min(...rows))]!.driver;
}
