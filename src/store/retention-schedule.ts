import type { Logger } from "pino";
import { runPeriodically, type Periodic } from "../periodic.js";
import type { PrismaDb } from "./db.js";
import { pruneEvents, type RetentionPolicy } from "./retention.js";

export interface RetentionScheduleDeps {
  prisma: PrismaDb;
  policy: RetentionPolicy;
  intervalMinutes: number;
  log: Logger;
  clock: () => Date;
}

/** Prunes now and then every interval; nothing to schedule when the policy keeps everything. */
export function scheduleRetention({ prisma, policy, intervalMinutes, log, clock }: RetentionScheduleDeps): Periodic {
  if (policy.maxAgeDays === 0 && policy.maxEvents === 0) return { stop: async () => {} };
  return runPeriodically(
    intervalMinutes * 60_000,
    async () => {
      const deleted = await pruneEvents(prisma, policy, clock());
      if (deleted > 0) log.info({ deleted, ...policy }, "pruned events past the retention policy");
    },
    (error) => log.error({ err: error }, "pruning events failed; will try again at the next interval"),
  );
}
