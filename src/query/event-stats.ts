import type { Scope } from "../auth/scope.js";
import type { Db } from "../store/db.js";
import { chooseDriver } from "./driver.js";
import { eventConditions } from "./filter-sql.js";
import { toIsoString, toNumber } from "./rows.js";
import { Sql } from "./sql.js";

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

export async function eventStats(db: Db, scope: Scope, options: StatsOptions = {}): Promise<ScopedEventStats> {
  const sql = new Sql(db);
  const where = eventConditions(sql, scope, options, await chooseDriver(db, scope, options)).join(" AND ");
  const [byType, byRepository, [first], [last]] = await Promise.all([
    sql.rows<Count>(`SELECT event_type AS name, count(*) AS n FROM events WHERE ${where} GROUP BY event_type`),
    sql.rows<Count>(`SELECT repository AS name, count(*) AS n FROM events WHERE ${where} AND repository IS NOT NULL GROUP BY repository`),
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
