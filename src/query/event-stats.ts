import type { Scope } from "../auth/scope.js";
import type { Db } from "../store/db.js";
import { chooseDriver } from "./driver.js";
import { eventCounts } from "./event-counts-sql.js";
import { eventConditions } from "./filter-sql.js";
import { toIsoString, toNumber } from "./rows.js";
import { scopeCondition } from "./scope-sql.js";
import { Sql } from "./sql.js";
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
function countQueries(sql: Sql, scope: Scope, options: StatsOptions, where: string): [string, string] {
  if (options.since === undefined && options.until === undefined) {
    const visible = [scopeCondition(sql, scope), ...(options.repository === undefined ? [] : [`repository = ${sql.value(parseRepository(options.repository))}`])].join(" AND ");
    return [
      `SELECT event_type AS name, sum(events) AS n FROM ${eventCounts(sql)} WHERE ${visible} GROUP BY event_type HAVING sum(events) > 0`,
      `SELECT repository AS name, sum(events) AS n FROM ${eventCounts(sql)} WHERE ${visible} AND repository <> '' GROUP BY repository HAVING sum(events) > 0`,
    ];
  }
  return [
    `SELECT event_type AS name, count(*) AS n FROM events WHERE ${where} GROUP BY event_type`,
    `SELECT repository AS name, count(*) AS n FROM events WHERE ${where} AND repository IS NOT NULL GROUP BY repository`,
  ];
}

export async function eventStats(db: Db, scope: Scope, options: StatsOptions = {}): Promise<ScopedEventStats> {
  const sql = new Sql(db);
  const where = eventConditions(sql, scope, options, await chooseDriver(db, scope, options)).join(" AND ");
  const [typeQuery, repositoryQuery] = countQueries(sql, scope, options, where);
  const [byType, byRepository, [first], [last]] = await Promise.all([
    sql.rows<Count>(typeQuery),
    sql.rows<Count>(repositoryQuery),
    sql.rows<{ at: Date }>(`SELECT occurred_at AS at FROM events WHERE ${where} ORDER BY occurred_at ASC LIMIT 1`),
    sql.rows<{ at: Date }>(`SELECT occurred_at AS at FROM events WHERE ${where} ORDER BY occurred_at DESC LIMIT 1`),
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
