import type { PrismaDb } from "./db.js";

export interface RetentionPolicy {
  /** Events older than this many days are pruned; 0 keeps them forever. */
  maxAgeDays: number;
  /** At most this many events are kept, the newest; 0 means no limit. */
  maxEvents: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** Small batches keep each delete short, so webhook inserts never wait long behind a prune. */
const BATCH = 1000;
/** An event still waiting to be pushed to a subscription is kept until it is delivered or dead-lettered. */
const KEEP_UNDELIVERED = { deliveries: { none: { status: "pending" } } };

async function deleteBatches(prisma: PrismaDb, nextIds: () => Promise<number[]>): Promise<number> {
  let deleted = 0;
  for (let ids = await nextIds(); ids.length > 0; ids = await nextIds()) {
    deleted += (await prisma.event.deleteMany({ where: { id: { in: ids } } })).count;
  }
  return deleted;
}

/** Deletes what the policy no longer keeps; returns how many events were pruned. */
export async function pruneEvents(prisma: PrismaDb, policy: RetentionPolicy, now: Date): Promise<number> {
  let deleted = 0;
  if (policy.maxAgeDays > 0) {
    const cutoff = new Date(now.getTime() - policy.maxAgeDays * DAY_MS);
    deleted += await deleteBatches(prisma, async () =>
      (await prisma.event.findMany({ where: { occurredAt: { lt: cutoff }, ...KEEP_UNDELIVERED }, select: { id: true }, take: BATCH })).map((row) => row.id),
    );
  }
  if (policy.maxEvents > 0) {
    deleted += await deleteBatches(prisma, async () => {
      const excess = (await prisma.event.count()) - policy.maxEvents;
      if (excess <= 0) return [];
      const oldest = await prisma.event.findMany({ where: KEEP_UNDELIVERED, orderBy: [{ occurredAt: "asc" }, { id: "asc" }], select: { id: true }, take: Math.min(excess, BATCH) });
      return oldest.map((row) => row.id);
    });
  }
  return deleted;
}
