import type { Logger } from "pino";
import type { ProbotOctokit } from "probot";
import { runPeriodically, type Periodic } from "../periodic.js";
import type { PrismaDb } from "../store/db.js";
import { DELIVERY_HISTORY_MS, recoverMissedDeliveries } from "./recover-missed.js";

export interface RecoveryScheduleDeps {
  octokit: ProbotOctokit;
  prisma: PrismaDb;
  intervalMinutes: number;
  log: Logger;
  clock: () => Date;
}

/** Recovers missed deliveries at start (what was sent while down) and every interval (what failed while up). */
export function scheduleRecovery({ octokit, prisma, intervalMinutes, log, clock }: RecoveryScheduleDeps): Periodic {
  if (intervalMinutes === 0) return { stop: async () => {} };
  return runPeriodically(
    intervalMinutes * 60_000,
    async () => {
      await recoverMissedDeliveries({ octokit, prisma, log }, new Date(clock().getTime() - DELIVERY_HISTORY_MS));
    },
    (error) => log.warn({ err: error }, "could not read GitHub's delivery log to recover missed deliveries; will try again at the next interval"),
  );
}
