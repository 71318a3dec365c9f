import type { PrismaDb } from "./db.js";

export interface EventStats {
  total_events: number;
  event_types: Record<string, number>;
  unique_repositories: number;
  repositories: Record<string, number>;
  first_event_at: string | null;
  last_event_at: string | null;
}

/** Sums per name (a repository made private later has rows under both visibilities), largest first so the JSON reads as a ranking. */
function countsOf(pairs: [string | null, number][]): Record<string, number> {
  const sums = new Map<string, number>();
  for (const [name, count] of pairs) if (name !== null) sums.set(name, (sums.get(name) ?? 0) + count);
  return Object.fromEntries([...sums].sort((a, b) => b[1] - a[1]));
}

export interface StatsOptions {
  /** False for readers not scoped to private repositories: their events are counted, their names left out. */
  namePrivateRepositories: boolean;
}

/** Totals by event type and repository, the shape of the original Code Buddy's /stats. */
export async function eventStats(prisma: PrismaDb, { namePrivateRepositories }: StatsOptions): Promise<EventStats> {
  const [total, byType, byRepository, span] = await Promise.all([
    prisma.event.count(),
    prisma.event.groupBy({ by: ["eventType"], _count: { _all: true } }),
    prisma.event.groupBy({ by: ["repository", "private"], _count: { _all: true } }),
    prisma.event.aggregate({ _min: { occurredAt: true }, _max: { occurredAt: true } }),
  ]);
  const repositories = countsOf(byRepository.filter((row) => namePrivateRepositories || !row.private).map((row) => [row.repository, row._count._all]));
  const uniqueRepositories = new Set(byRepository.map((row) => row.repository).filter((name) => name !== null)).size;
  return {
    total_events: total,
    event_types: countsOf(byType.map((row) => [row.eventType, row._count._all])),
    unique_repositories: uniqueRepositories,
    repositories,
    first_event_at: span._min.occurredAt?.toISOString() ?? null,
    last_event_at: span._max.occurredAt?.toISOString() ?? null,
  };
}
