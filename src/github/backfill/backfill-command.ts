import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import type { Logger } from "pino";
import { Probot } from "probot";
import { ConfigError, type Config } from "../../config.js";
import { backfillJobsOf, claimBackfillJob, enqueueBackfillJobs, type NewBackfillJob } from "../../store/backfill-jobs.js";
import { openDb } from "../../store/db.js";
import { createIngest } from "../ingest.js";
import { probotGitHubOptions } from "../octokit.js";
import { BACKFILL_LEASE_MS } from "./backfill-worker.js";
import { progressLine } from "./backfill-progress.js";
import { runBackfillJob } from "./run-backfill-job.js";

export const BACKFILL_USAGE = `  backfill [--days N] [--repo owner/name]…
                    import the last N days (default BACKFILL_DAYS, 14) of history of every
                    repository the app is installed on, or of those named, from GitHub's REST
                    API, with a progress bar; needs the app's credentials. A running server
                    shares the work, and an interrupted run resumes where it stopped`;

const REPOSITORY = /^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/;

export interface BackfillCommandIo {
  /** The progress bar and the summary. */
  err: NodeJS.WriteStream | { write(text: string): boolean; isTTY?: boolean };
  log: Logger;
  /** Aborted by SIGINT/SIGTERM: the job in flight is handed back. */
  signal: AbortSignal;
}

function readArgs(args: string[], defaultDays: number): { days: number; repositories: string[] } {
  const { values } = parseArgs({ args, options: { days: { type: "string" }, repo: { type: "string", multiple: true } } });
  const days = values.days === undefined ? defaultDays : Number(values.days);
  if (!Number.isInteger(days) || days < 1) throw new ConfigError(`--days must be a whole number of days, at least 1 (got ${JSON.stringify(values.days ?? String(defaultDays))}).`);
  const repositories = values.repo ?? [];
  const bad = repositories.filter((repository) => !REPOSITORY.test(repository));
  if (bad.length > 0) throw new ConfigError(`--repo takes owner/name, e.g. --repo octo-org/hello (got ${bad.map((b) => JSON.stringify(b)).join(", ")}).`);
  return { days, repositories };
}

/** The repositories to import and the installation each is read through: those named, or all of every installation. */
async function targets(probot: Probot, repositories: string[]): Promise<{ installationId: number; repository: string }[]> {
  const app = await probot.auth();
  if (repositories.length > 0)
    return Promise.all(
      repositories.map(async (repository) => {
        const [owner, repo] = repository.split("/") as [string, string];
        try {
          const { data } = await app.rest.apps.getRepoInstallation({ owner, repo });
          return { installationId: data.id, repository };
        } catch (error) {
          if ((error as { status?: number }).status === 404) throw new ConfigError(`The app is not installed on ${repository} (or it does not exist): install it there first.`);
          throw error;
        }
      }),
    );
  const found: { installationId: number; repository: string }[] = [];
  for (const installation of await app.paginate(app.rest.apps.listInstallations, { per_page: 100 })) {
    const octokit = await probot.auth(installation.id);
    for (const repository of await octokit.paginate(octokit.rest.apps.listReposAccessibleToInstallation, { per_page: 100 }))
      found.push({ installationId: installation.id, repository: repository.full_name });
  }
  return found;
}

/**
 * `code-buddy backfill`: makes one job per repository under a fresh trigger, then works them (a running
 * server may take some: both claim) and draws the progress until every one is done or failed.
 */
export async function runBackfillCommand(config: Readonly<Config>, args: string[], { err, log, signal }: BackfillCommandIo): Promise<number> {
  const { days, repositories } = readArgs(args, config.backfillDays || 14);
  if (config.app === null) throw new ConfigError("backfill reads GitHub as the app: set APP_ID, PRIVATE_KEY (or PRIVATE_KEY_PATH) and WEBHOOK_SECRET, as for the server.");
  const { appId, privateKey, webhookSecret } = config.app;
  const probot = new Probot({ appId, privateKey, secret: webhookSecret, ...probotGitHubOptions({ apiBaseUrl: config.github.apiBaseUrl, signal, log }), log });
  const db = await openDb(config.databaseUrl);
  const started = Date.now();
  let drawn = "";
  const draw = (line: string, final = false) => {
    // A terminal's last draw ends the line; elsewhere each line is printed once.
    if (line === drawn && !(final && err.isTTY)) return;
    drawn = line;
    err.write(err.isTTY ? `\r\x1b[2K${line}${final ? "\n" : ""}` : `${line}\n`);
  };
  try {
    const trigger = `cli:${randomUUID()}`;
    const jobs: NewBackfillJob[] = (await targets(probot, repositories)).map((target) => ({ ...target, trigger, days }));
    if (jobs.length === 0) {
      err.write("No repositories to import: the app is not installed anywhere yet.\n");
      return 0;
    }
    await enqueueBackfillJobs(db.prisma, jobs);
    const ingest = createIngest({ db, log, clock: () => new Date() });
    const octokitFor = (installationId: number) => probot.auth(installationId);
    const show = async () => draw(progressLine(await backfillJobsOf(db.prisma, trigger)));
    await show();
    for (;;) {
      const job = signal.aborted ? null : await claimBackfillJob(db.prisma, new Date(), BACKFILL_LEASE_MS, trigger);
      if (job !== null) {
        await runBackfillJob(job, { prisma: db.prisma, ingest, octokitFor, clock: () => new Date(), log, leaseMs: BACKFILL_LEASE_MS, signal, onStep: () => void show() });
        continue;
      }
      // The rest are being run elsewhere (a server), or this run was interrupted.
      const all = await backfillJobsOf(db.prisma, trigger);
      if (signal.aborted || all.every((j) => j.status !== "pending")) break;
      await show();
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    const all = await backfillJobsOf(db.prisma, trigger);
    draw(progressLine(all), true);
    const failed = all.filter((job) => job.status === "failed");
    for (const job of failed) err.write(`${job.repository}: ${job.error}\n`);
    const pending = all.filter((job) => job.status === "pending").length;
    if (pending > 0) err.write(`Interrupted: ${pending} repositories left for the server's backfill worker, which resumes them.\n`);
    else err.write(`Done in ${Math.round((Date.now() - started) / 100) / 10} s.\n`);
    return failed.length > 0 || pending > 0 ? 1 : 0;
  } finally {
    await db.close();
  }
}
