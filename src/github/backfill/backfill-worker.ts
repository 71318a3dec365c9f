import { runPeriodically, type Periodic } from "../../periodic.js";
import { claimBackfillJob, enqueueBackfillJobs, triggersWithJobs } from "../../store/backfill-jobs.js";
import type { PrismaDb } from "../../store/db.js";
import { decodePayload } from "../../store/payload-codec.js";
import { backfillJobsFor, INSTALLATION_TRIGGERS } from "./installation-backfills.js";
import { runBackfillJob, type BackfillRunDeps } from "./run-backfill-job.js";

/** Installation events older than GitHub's delivery log (three days) are not looked at again. */
const TRIGGER_HORIZON_MS = 3 * 86_400_000;
export const BACKFILL_LEASE_MS = 10 * 60_000;

export interface BackfillWorkerDeps extends Omit<BackfillRunDeps, "leaseMs" | "onStep"> {
  /** BACKFILL_DAYS: how far back a new installation's repositories are imported; 0 makes no jobs (the CLI still can). */
  days: number;
  pollMs: number;
}

/** Makes the jobs that stored installation events ask for and that no instance has made yet. */
async function enqueueForInstallationEvents(prisma: PrismaDb, days: number, now: Date): Promise<number> {
  const events = await prisma.event.findMany({
    where: { OR: INSTALLATION_TRIGGERS.map(({ eventType, action }) => ({ eventType, action })), occurredAt: { gte: new Date(now.getTime() - TRIGGER_HORIZON_MS) } },
    select: { deliveryId: true, eventType: true, action: true, payload: true, payloadCodec: true },
  });
  if (events.length === 0) return 0;
  const handled = await triggersWithJobs(
    prisma,
    events.map((event) => event.deliveryId),
  );
  const jobs = events
    .filter((event) => !handled.has(event.deliveryId))
    .flatMap((event) => backfillJobsFor({ ...event, payload: JSON.parse(decodePayload(event.payloadCodec, event.payload).toString("utf8")) }, days));
  return enqueueBackfillJobs(prisma, jobs);
}

/**
 * The server's backfill worker, off the webhook path: every `pollMs` it turns newly stored installation
 * events into jobs, then claims and runs pending jobs (its own and any `code-buddy backfill` left) one at
 * a time until none is left. Stopping aborts the job in flight, which is handed back to resume later.
 */
export function startBackfillWorker(deps: BackfillWorkerDeps): Periodic {
  const { prisma, days, clock, log, pollMs } = deps;
  return runPeriodically(
    pollMs,
    async () => {
      if (days > 0) {
        const made = await enqueueForInstallationEvents(prisma, days, clock());
        if (made > 0) log.info({ jobs: made, days }, "backfill: new repositories to import");
      }
      // Checked before each claim: a job claimed after stopping began would stay held until its lease ran out.
      const next = () => (deps.signal.aborted ? null : claimBackfillJob(prisma, clock(), BACKFILL_LEASE_MS));
      for (let job = await next(); job !== null; job = await next()) await runBackfillJob(job, { ...deps, leaseMs: BACKFILL_LEASE_MS });
    },
    (error) => log.warn({ err: error }, "backfill worker: could not check for jobs; will try again"),
  );
}
