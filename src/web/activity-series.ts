import type { Scope } from "../auth/scope.js";
import { eventStats, type ScopedEventStats } from "../query/event-stats.js";
import type { Db } from "../store/db.js";

export const PERIODS = {
  "24h": { label: "last 24 hours", buckets: 24, bucketMs: 3_600_000 },
  "7d": { label: "last 7 days", buckets: 28, bucketMs: 6 * 3_600_000 },
  "30d": { label: "last 30 days", buckets: 30, bucketMs: 24 * 3_600_000 },
} as const;

export type Period = keyof typeof PERIODS;
export type Breakdown = "type" | "repository";

/** Series beyond this many are summed as "other", so the chart stays readable. */
export const MAX_SERIES = 6;
export const OTHER = "other";

export interface Bucket {
  start: Date;
  end: Date;
  /** By series name (the top types or repositories, then OTHER). */
  counts: Record<string, number>;
  total: number;
}

export interface ActivitySeries {
  period: Period;
  by: Breakdown;
  since: Date;
  until: Date;
  /** Most events first; OTHER last when there is one. */
  series: string[];
  buckets: Bucket[];
  /** The whole period: counts by type and repository, for the tables. */
  totals: ScopedEventStats;
}

const countsOf = (stats: ScopedEventStats, by: Breakdown) => (by === "type" ? stats.event_types : stats.repositories);

/**
 * Events over time, per type or per repository, for what the caller may
 * see: one eventStats per bucket (the query layer applies the scope), the
 * buckets aligned on whole hours or days in UTC so the bars do not shift
 * between reloads.
 */
export async function activitySeries(db: Db, scope: Scope, period: Period, by: Breakdown, now: Date): Promise<ActivitySeries> {
  const { buckets: count, bucketMs } = PERIODS[period];
  const until = new Date(Math.ceil(now.getTime() / bucketMs) * bucketMs);
  const since = new Date(until.getTime() - count * bucketMs);
  const starts = Array.from({ length: count }, (_, index) => new Date(since.getTime() + index * bucketMs));
  const [totals, ...perBucket] = await Promise.all([
    eventStats(db, scope, { since, until }),
    ...starts.map((start) => eventStats(db, scope, { since: start, until: new Date(start.getTime() + bucketMs) })),
  ]);
  const ranked = Object.keys(countsOf(totals, by));
  const named = ranked.slice(0, MAX_SERIES);
  const series = ranked.length > MAX_SERIES ? [...named, OTHER] : named;
  const buckets = perBucket.map((stats, index) => {
    const counts: Record<string, number> = Object.fromEntries(series.map((name) => [name, 0]));
    for (const [name, n] of Object.entries(countsOf(stats, by))) counts[named.includes(name) ? name : OTHER] = (counts[named.includes(name) ? name : OTHER] ?? 0) + n;
    return { start: starts[index]!, end: new Date(starts[index]!.getTime() + bucketMs), counts, total: stats.total_events };
  });
  return { period, by, since, until, series, buckets, totals };
}
