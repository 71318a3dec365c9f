import { scopeCondition, type Scope } from "../auth/scope.js";
import type { Db } from "../store/db.js";
import { join, sql, type Fragment } from "../store/sql.js";
import { chooseDriver } from "./driver.js";
import { eventCounts } from "./event-counts-sql.js";
import { eventConditions } from "./filter-sql.js";
import { toIsoString, toNumber } from "./rows.js";
import { parseRepository } from "./validate.js";

/** The original Code Buddy's /stats keys, over the events the caller may see. */
export interface ScopedEventStats {
  total_events: number;
  event_types: Record<string, number>;
  unique_repositories: number;
  repositories: Record<string, number>;
  first_event_at: string | null;
  last_event_at: string | null;
}

export interface StatsOptions {
  since?: Date;
  until?: Date;
  /** "owner/name": only this repository. */
  repository?: string;
}

interface Count {
  name: string;
  n: number | bigint;
}

/** Largest first, so the JSON reads as a ranking. */
function ranking(counts: Count[]): Record<string, number> {
  return Object.fromEntries(counts.map(({ name, n }) => [name, toNumber(n)] as const).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])));
}

/**
 * Counts by type and by repository. Without a period they come from the
 * stored counts (eventCounts: about a row per repository and type, whatever
 * the number of events); a period counts the events in it, through an index
 * that holds every column the count reads.
 */
function countQueries(db: Db, scope: Scope, options: StatsOptions, where: Fragment): [Fragment, Fragment] {
  if (options.since === undefined && options.until === undefined) {
    const visible = join([scopeCondition(scope), ...(options.repository === undefined ? [] : [sql`repository = ${parseRepository(options.repository)}`])], " AND ");
    const counts = eventCounts(db.provider);
    return [
      sql`SELECT event_type AS name, sum(events) AS n FROM ${counts} WHERE ${visible} GROUP BY event_type HAVING sum(events) > 0`,
      sql`SELECT repository AS name, sum(events) AS n FROM ${counts} WHERE ${visible} AND repository <> '' GROUP BY repository HAVING sum(events) > 0`,
    ];
  }
  return [
    sql`SELECT event_type AS name, count(*) AS n FROM events WHERE ${where} GROUP BY event_type`,
    sql`SELECT repository AS name, count(*) AS n FROM events WHERE ${where} AND repository IS NOT NULL GROUP BY repository`,
  ];
}

export async function eventStats(db: Db, scope: Scope, options: StatsOptions = {}): Promise<ScopedEventStats> {
  const where = join(eventConditions(db.provider, scope, options, await chooseDriver(db, scope, options)), " AND ");
  const [typeQuery, repositoryQuery] = countQueries(db, scope, options, where);
  const [byType, byRepository, [first], [last]] = await Promise.all([
    db.rows<Count>(typeQuery),
    db.rows<Count>(repositoryQuery),
    db.rows<{ at: Date }>(sql`SELECT occurred_at AS at FROM events WHERE ${where} ORDER BY occurred_at ASC LIMIT 1`),
    db.rows<{ at: Date }>(sql`SELECT occurred_at AS at FROM events WHERE ${where} ORDER BY occurred_at DESC LIMIT 1`),
  ]);
  const eventTypes = ranking(byType);
  const repositories = ranking(byRepository);
  return {
    total_events: Object.values(eventTypes).reduce((sum, n) => sum + n, 0),
    event_types: eventTypes,
    unique_repositories: Object.keys(repositories).length,
    repositories,
    first_event_at: toIsoString(first?.at ?? null),
    last_event_at: toIsoString(last?.at ?? null),
  };
}
