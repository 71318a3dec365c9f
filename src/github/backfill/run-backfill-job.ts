import type { Logger } from "pino";
import { finishBackfillJob, liveHistoryStart, recordBackfillStep, releaseBackfillJob, type BackfillJob } from "../../store/backfill-jobs.js";
import type { PrismaDb } from "../../store/db.js";
import type { Ingest } from "../ingest.js";
import type { GitHubOctokit } from "../octokit.js";
import { BACKFILL_STEPS, fetchHistoryStep, type BackfillStep } from "./fetch-history.js";
import type { HistoryWindow } from "./history-events.js";

export interface BackfillRunDeps {
  prisma: PrismaDb;
  /** Stores each delivery found (once: their ids are stable); not routed to subscriptions, as history is not news. */
  ingest: Ingest;
  /** An Octokit authenticated as the installation (Probot's, with its throttling, retries and pagination). */
  octokitFor(installationId: number): Promise<GitHubOctokit>;
  clock: () => Date;
  log: Logger;
  /** How long a claim lasts; renewed after each step. */
  leaseMs: number;
  /** Aborted at shutdown: the job is handed back, to resume after its last finished step. */
  signal: AbortSignal;
  /** Told after each step, with the job as recorded (the CLI's progress bar). */
  onStep?(job: BackfillJob): void;
}

/** GitHub's answer when the app may not read that part (Actions off, a permission not granted): nothing to import there. */
const notReadable = (error: unknown) => [403, 404, 410].includes((error as { status?: unknown } | null)?.status as number);

async function storeStep(step: BackfillStep, octokit: GitHubOctokit, window: HistoryWindow, { ingest, log }: BackfillRunDeps): Promise<number> {
  let events;
  try {
    events = await fetchHistoryStep(step, octokit, window);
  } catch (error) {
    if (!notReadable(error)) throw error;
    log.warn({ err: error, repository: window.repository.full_name, step }, "backfill: GitHub does not let the app read this part of the repository; skipped");
    return 0;
  }
  // All at once: the event writer commits concurrent writes together, in batches.
  const outcomes = await Promise.all(
    events.map((event) =>
      ingest({ id: event.id, name: event.name, payload: event.payload, raw: Buffer.from(JSON.stringify(event.payload)), source: "backfill", occurredAt: event.occurredAt }),
    ),
  );
  return outcomes.filter((outcome) => outcome.outcome === "stored").length;
}

/**
 * Imports one repository's history for a claimed job, step by step, recording each finished step so that
 * an interrupted job resumes after it. The window is fixed by the job (BACKFILL_DAYS before it was made)
 * and ends where the repository's live events begin, so nothing webhooks brought is imported again.
 */
export async function runBackfillJob(claimed: BackfillJob, deps: BackfillRunDeps): Promise<BackfillJob> {
  const { prisma, clock, log, leaseMs, signal } = deps;
  let job = claimed;
  let calls = 0;
  try {
    const octokit = await deps.octokitFor(job.installationId);
    // Tokens are free to create: what counts against the rate limit is the rest.
    octokit.hook.before("request", (options) => {
      if (!options.url.endsWith("/access_tokens")) calls += 1;
    });
    const [owner, repo] = job.repository.split("/") as [string, string];
    const { data: repository } = await octokit.rest.repos.get({ owner, repo });
    const window: HistoryWindow = {
      repository,
      installationId: job.installationId,
      since: new Date(job.createdAt.getTime() - job.days * 86_400_000),
      until: await liveHistoryStart(prisma, repository.full_name),
    };
    for (const step of BACKFILL_STEPS) {
      if ((JSON.parse(job.stepsDone) as string[]).includes(step)) continue;
      const stored = await storeStep(step, octokit, window, deps);
      job = await recordBackfillStep(prisma, job, step, stored, calls, new Date(clock().getTime() + leaseMs));
      calls = 0;
      deps.onStep?.(job);
    }
    job = await finishBackfillJob(prisma, job, clock(), null);
    log.info({ repository: job.repository, events: job.eventsStored, apiCalls: job.apiCalls }, "backfill: imported the repository's recent history");
  } catch (error) {
    if (signal.aborted) {
      await releaseBackfillJob(prisma, job, calls);
      return job;
    }
    log.warn({ err: error, repository: job.repository }, "backfill failed; `code-buddy backfill --repo` runs it again");
    job = await finishBackfillJob(prisma, job, clock(), error instanceof Error ? error.message : String(error), calls);
  }
  deps.onStep?.(job);
  return job;
}
