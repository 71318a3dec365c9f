import { scopeCondition, type Scope } from "../auth/scope.js";
import type { NormalizedEvent } from "../normalize/types.js";
import type { Db } from "../store/db.js";
import { sql } from "../store/sql.js";
import { eventCounts } from "./event-counts-sql.js";
import { toIsoString, toNumber } from "./rows.js";

export interface RepositorySummary {
  /** As GitHub spells it in the latest event. */
  full_name: string;
  /** The visibility of the latest event. */
  private: boolean;
  events: number;
  last_event_at: string;
  last_event_type: string;
}

interface Row {
  repository: string;
  events: number | bigint;
  private: boolean | number;
  event_type: string;
  occurred_at: Date;
  event: string;
}

/** The repositories with events the caller may see, most recently active first: counts from eventCounts, the latest event of each by index. */
export async function listRepositories(db: Db, scope: Scope): Promise<RepositorySummary[]> {
  const visible = scopeCondition(scope);
  const rows = await db.rows<Row>(
    sql`SELECT totals.repository, totals.events, latest.private, latest.event_type, latest.occurred_at, latest.event FROM
      (SELECT repository, sum(events) AS events FROM ${eventCounts(db.provider)} WHERE repository <> '' AND ${visible} GROUP BY repository HAVING sum(events) > 0) totals
      JOIN events latest ON latest.id = (SELECT id FROM events WHERE repository = totals.repository AND ${visible} ORDER BY occurred_at DESC, id DESC LIMIT 1)
      ORDER BY latest.occurred_at DESC, latest.id DESC`,
  );
  return rows.map((row) => ({
    full_name: (JSON.parse(row.event) as NormalizedEvent).repository?.full_name ?? row.repository,
    private: Boolean(row.private),
    events: toNumber(row.events),
    last_event_at: toIsoString(row.occurred_at)!,
    last_event_type: row.event_type,
  }));
}
