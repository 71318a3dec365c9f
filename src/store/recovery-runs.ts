import type { PrismaDb } from "./db.js";

export type RecoveryOutcome = "ok" | "failed";

export interface RecoveryRunRecord {
  startedAt: Date;
  finishedAt: Date;
  outcome: RecoveryOutcome;
  checked: number;
  redelivered: number;
  error: string | null;
}

/** A run every RECOVERY_INTERVAL_MINUTES (30 by default) makes about three weeks of history. */
export const RECOVERY_RUNS_KEPT = 1000;
const ERROR_CHARS = 500;

/** Records one run and forgets those older than the newest RECOVERY_RUNS_KEPT. */
export async function recordRecoveryRun(prisma: PrismaDb, run: RecoveryRunRecord): Promise<void> {
  const { id } = await prisma.recoveryRun.create({ data: { ...run, error: run.error?.slice(0, ERROR_CHARS) ?? null }, select: { id: true } });
  await prisma.recoveryRun.deleteMany({ where: { id: { lte: id - RECOVERY_RUNS_KEPT } } });
}

export async function lastRecoveryRun(prisma: PrismaDb): Promise<RecoveryRunRecord | null> {
  const run = await prisma.recoveryRun.findFirst({
    orderBy: { id: "desc" },
    select: { startedAt: true, finishedAt: true, outcome: true, checked: true, redelivered: true, error: true },
  });
  return run === null ? null : { ...run, outcome: run.outcome === "ok" ? "ok" : "failed" };
}
