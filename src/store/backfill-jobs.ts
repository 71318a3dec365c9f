import type { BackfillJob } from "../generated/sqlite/client.js";
import type { PrismaDb } from "./db.js";

export type { BackfillJob };

export interface NewBackfillJob {
  trigger: string;
  installationId: number;
  repository: string;
  days: number;
}

const isUniqueViolation = (error: unknown) => (error as { code?: unknown } | null)?.code === "P2002";

/** Adds the jobs not made yet (a trigger asks once per repository, however many instances hear of it). */
export async function enqueueBackfillJobs(prisma: PrismaDb, jobs: readonly NewBackfillJob[]): Promise<number> {
  let made = 0;
  for (const job of jobs) {
    try {
      await prisma.backfillJob.create({ data: job });
      made += 1;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }
  return made;
}

/**
 * Claims the oldest pending job no one holds (a claim whose time ran out is a crashed worker's), for
 * `leaseMs`; null when there is none. Optimistic: of two workers that read the same job, one updates it.
 */
export async function claimBackfillJob(prisma: PrismaDb, now: Date, leaseMs: number, trigger?: string): Promise<BackfillJob | null> {
  const free = { status: "pending", OR: [{ claimedUntil: null }, { claimedUntil: { lt: now } }], ...(trigger === undefined ? {} : { trigger }) };
  for (;;) {
    const job = await prisma.backfillJob.findFirst({ where: free, orderBy: { id: "asc" } });
    if (job === null) return null;
    const claimedUntil = new Date(now.getTime() + leaseMs);
    const { count } = await prisma.backfillJob.updateMany({ where: { id: job.id, ...free }, data: { claimedUntil } });
    if (count === 1) return { ...job, claimedUntil };
  }
}

/** A step is done: it is recorded with what it stored and cost, and the claim is renewed. */
export async function recordBackfillStep(prisma: PrismaDb, job: BackfillJob, step: string, stored: number, apiCalls: number, claimedUntil: Date): Promise<BackfillJob> {
  const stepsDone = JSON.stringify([...(JSON.parse(job.stepsDone) as string[]), step]);
  return prisma.backfillJob.update({
    where: { id: job.id },
    data: { stepsDone, eventsStored: { increment: stored }, apiCalls: { increment: apiCalls }, claimedUntil },
  });
}

/** Done, or failed with `error`; `apiCalls` made since the last recorded step are added. */
export function finishBackfillJob(prisma: PrismaDb, job: BackfillJob, now: Date, error: string | null, apiCalls = 0): Promise<BackfillJob> {
  return prisma.backfillJob.update({
    where: { id: job.id },
    data: { status: error === null ? "done" : "failed", error, finishedAt: now, claimedUntil: null, apiCalls: { increment: apiCalls } },
  });
}

/** Hands an interrupted job back (shutdown): the next worker resumes it after its last finished step. */
export async function releaseBackfillJob(prisma: PrismaDb, job: BackfillJob, apiCalls: number): Promise<void> {
  await prisma.backfillJob.update({ where: { id: job.id }, data: { claimedUntil: null, apiCalls: { increment: apiCalls } } });
}

export function backfillJobsOf(prisma: PrismaDb, trigger: string): Promise<BackfillJob[]> {
  return prisma.backfillJob.findMany({ where: { trigger }, orderBy: { id: "asc" } });
}

/** The triggers among `triggers` that already made jobs. */
export async function triggersWithJobs(prisma: PrismaDb, triggers: readonly string[]): Promise<Set<string>> {
  const rows = await prisma.backfillJob.findMany({ where: { trigger: { in: [...triggers] } }, select: { trigger: true }, distinct: ["trigger"] });
  return new Set(rows.map((row) => row.trigger));
}

/** When this repository's live events (webhooks, polling: anything not backfilled) begin; null when it has none. */
export async function liveHistoryStart(prisma: PrismaDb, repository: string): Promise<Date | null> {
  const first = await prisma.event.findFirst({
    where: { repository: repository.toLowerCase(), NOT: { deliveryId: { startsWith: "backfill:" } } },
    orderBy: { occurredAt: "asc" },
    select: { occurredAt: true },
  });
  return first?.occurredAt ?? null;
}
