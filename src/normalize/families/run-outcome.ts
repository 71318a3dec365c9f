import { words } from "../text.js";

// Conclusions of check runs, check suites and workflow runs, commit status states, then the statuses of unfinished runs.
const OUTCOMES: Record<string, string> = {
  success: "succeeded",
  failure: "failed",
  error: "errored",
  cancelled: "was cancelled",
  timed_out: "timed out",
  action_required: "needs action",
  neutral: "finished as neutral",
  skipped: "was skipped",
  stale: "went stale",
  startup_failure: "failed to start",
  completed: "completed",
  queued: "is queued",
  requested: "was requested",
  waiting: "is waiting",
  pending: "is pending",
  in_progress: "is in progress",
};

/** How a run ended, or where it stands: "failed", "is queued". */
export function outcome(state: string | null | undefined): string {
  if (!state) return "was updated";
  return OUTCOMES[state] ?? `is ${words(state)}`;
}

/** " on main", or " on 6113728" when the branch is unknown. */
export function onRef(branch: string | null | undefined, sha: string | null | undefined): string {
  if (branch) return ` on ${branch}`;
  return sha ? ` on ${sha.slice(0, 7)}` : "";
}
