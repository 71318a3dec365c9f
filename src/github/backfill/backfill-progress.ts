import type { BackfillJob } from "../../store/backfill-jobs.js";
import { BACKFILL_STEPS } from "./fetch-history.js";

const WIDTH = 24;
const finished = (job: BackfillJob) => job.status !== "pending";

/** One line of progress over a run's jobs: a bar of steps done, then repositories, events and API calls. Pure. */
export function progressLine(jobs: readonly BackfillJob[]): string {
  const total = jobs.length * BACKFILL_STEPS.length;
  const done = jobs.reduce((sum, job) => sum + (finished(job) ? BACKFILL_STEPS.length : (JSON.parse(job.stepsDone) as string[]).length), 0);
  const filled = total === 0 ? WIDTH : Math.round((done / total) * WIDTH);
  const events = jobs.reduce((sum, job) => sum + job.eventsStored, 0);
  const calls = jobs.reduce((sum, job) => sum + job.apiCalls, 0);
  const failed = jobs.filter((job) => job.status === "failed").length;
  return (
    `[${"#".repeat(filled)}${".".repeat(WIDTH - filled)}] ${jobs.filter(finished).length}/${jobs.length} repositories` +
    ` · ${events.toLocaleString("en-US")} events · ${calls.toLocaleString("en-US")} API calls${failed > 0 ? ` · ${failed} failed` : ""}`
  );
}
