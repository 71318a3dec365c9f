import type { Logger } from "pino";
import type { ProbotOctokit } from "probot";
import { runPeriodically, type Periodic } from "../periodic.js";
import type { PrismaDb } from "../store/db.js";
import { recordRecoveryRun, type RecoveryOutcome, type RecoveryRunRecord } from "../store/recovery-runs.js";
import { DELIVERY_HISTORY_MS, recoverMissedDeliveries } from "./recover-missed.js";

export interface RecoveryScheduleDeps {
  octokit: ProbotOctokit;
  prisma: PrismaDb;
  intervalMinutes: number;
  log: Logger;
  clock: () => Date;
  /** Told of each run's outcome (the server's metrics). */
  onRun?: (outcome: RecoveryOutcome) => void;
  /** Aborted at shutdown: a run cut short by it is neither counted nor recorded. */
  signal?: AbortSignal;
}

/**
 * Recovers missed deliveries at start (what was sent while down) and every interval (what failed while up),
 * and records each run for `code-buddy status`.
 */
export function scheduleRecovery({ octokit, prisma, intervalMinutes, log, clock, onRun, signal }: RecoveryScheduleDeps): Periodic {
  if (intervalMinutes === 0) return { stop: async () => {} };
  const run = async () => {
    const startedAt = clock();
    let outcome: Omit<RecoveryRunRecord, "startedAt" | "finishedAt">;
    try {
      const result = await recoverMissedDeliveries({ octokit, prisma, log }, new Date(startedAt.getTime() - DELIVERY_HISTORY_MS));
      outcome = { outcome: "ok", checked: result.checked, redelivered: result.redelivered.length, error: null };
    } catch (error) {
      if (signal?.aborted) return;
      log.warn({ err: error }, "could not read GitHub's delivery log to recover missed deliveries; will try again at the next interval");
      outcome = { outcome: "failed", checked: 0, redelivered: 0, error: error instanceof Error ? error.message : String(error) };
    }
    onRun?.(outcome.outcome);
    await recordRecoveryRun(prisma, { startedAt, finishedAt: clock(), ...outcome });
  };
  return runPeriodically(intervalMinutes * 60_000, run, (error) => log.warn({ err: error }, "could not record a recovery run"));
}
