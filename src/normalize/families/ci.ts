import { compact, refName } from "../pick.js";
import { firstLine, oneLine, quote, shortSha, truncate } from "../text.js";
import type { FamilyNormalizers, PayloadOf } from "../types.js";
import { onRef, outcome } from "./run-outcome.js";

function describeCheckRun(payload: PayloadOf<"check_run">, actor: string): string {
  const run = payload.check_run;
  const name = quote(run.name);
  switch (payload.action) {
    case "rerequested":
      return `${actor} re-requested check run ${name}`;
    case "requested_action":
      return `${actor} requested action ${quote(payload.requested_action?.identifier)} on check run ${name}`;
    default:
      return `Check run ${name} ${outcome(run.conclusion ?? run.status)}${onRef(run.check_suite.head_branch, run.head_sha)}`;
  }
}

function describeCheckSuite(payload: PayloadOf<"check_suite">, actor: string): string {
  const suite = payload.check_suite;
  const where = onRef(suite.head_branch, suite.head_sha);
  const app = suite.app?.name ?? "an app";
  if (payload.action === "rerequested") return `${actor} re-requested the check suite of ${app}${where}`;
  return `Check suite of ${app} ${outcome(suite.conclusion ?? suite.status)}${where}`;
}

function describeWorkflowRun(payload: PayloadOf<"workflow_run">): string {
  const run = payload.workflow_run;
  const state = payload.action === "completed" ? (run.conclusion ?? "completed") : payload.action;
  return `Workflow ${quote(run.name || payload.workflow?.name)} run #${run.run_number} ${outcome(state)}${onRef(run.head_branch, run.head_sha)}`;
}

const JOB_STATES: Record<string, string> = { in_progress: "started", queued: "is queued", waiting: "is waiting" };

function describeWorkflowJob(payload: PayloadOf<"workflow_job">): string {
  const job = payload.workflow_job;
  const workflow = job.workflow_name ? ` in workflow ${quote(job.workflow_name)}` : "";
  const state = payload.action === "completed" ? outcome(job.conclusion ?? "completed") : (JOB_STATES[payload.action] ?? outcome(job.status));
  return `Job ${quote(job.name)}${workflow} ${state}${onRef(job.head_branch, job.head_sha)}`;
}

/** Dispatch inputs are free-form: keep a few, each cut short. */
function boundedInputs(inputs: Record<string, unknown> | null): Record<string, string> {
  return Object.fromEntries(
    Object.entries(inputs ?? {})
      .slice(0, 10)
      .map(([key, value]) => [key, truncate(oneLine(typeof value === "string" ? value : (JSON.stringify(value) ?? "")), 100)]),
  );
}

export const ciNormalizers = {
  check_run: (payload, actor) => {
    const run = payload.check_run;
    return {
      subject: { type: "check_run", number: null, title: run.name, state: run.conclusion ?? run.status, url: run.html_url },
      summary: describeCheckRun(payload, actor),
      details: compact({
        name: run.name,
        status: run.status,
        conclusion: run.conclusion,
        head_branch: run.check_suite.head_branch,
        head_sha: shortSha(run.head_sha),
        app: run.app?.name,
        output_title: run.output.title ? truncate(oneLine(run.output.title), 200) : undefined,
        pull_requests: run.pull_requests.slice(0, 10).map((pr) => pr.number),
      }),
      texts: [],
    };
  },
  check_suite: (payload, actor) => {
    const suite = payload.check_suite;
    return {
      subject: { type: "check_suite", number: null, title: suite.app?.name ?? null, state: suite.conclusion ?? suite.status, url: null },
      summary: describeCheckSuite(payload, actor),
      details: compact({
        app: suite.app?.name,
        status: suite.status,
        conclusion: suite.conclusion,
        head_branch: suite.head_branch,
        head_sha: shortSha(suite.head_sha),
        pull_requests: suite.pull_requests.slice(0, 10).map((pr) => pr.number),
      }),
      texts: [],
    };
  },
  workflow_run: (payload) => {
    const run = payload.workflow_run;
    const name = run.name || payload.workflow?.name || null;
    return {
      subject: { type: "workflow_run", number: run.run_number, title: name, state: run.conclusion ?? run.status, url: run.html_url },
      summary: describeWorkflowRun(payload),
      details: compact({
        name,
        workflow_path: payload.workflow?.path,
        status: run.status,
        conclusion: run.conclusion,
        event: run.event,
        head_branch: run.head_branch,
        head_sha: shortSha(run.head_sha),
        run_number: run.run_number,
        run_attempt: run.run_attempt,
        title: "display_title" in run && run.display_title ? firstLine(run.display_title) : undefined,
        triggered_by: run.triggering_actor?.login,
        pull_requests: run.pull_requests.slice(0, 10).flatMap((pr) => (pr ? [pr.number] : [])),
      }),
      texts: [],
    };
  },
  workflow_job: (payload) => {
    const job = payload.workflow_job;
    return {
      subject: { type: "workflow_job", number: null, title: job.name, state: job.conclusion ?? job.status, url: job.html_url },
      summary: describeWorkflowJob(payload),
      details: compact({
        name: job.name,
        workflow: job.workflow_name,
        status: job.status,
        conclusion: job.conclusion,
        head_branch: job.head_branch,
        head_sha: shortSha(job.head_sha),
        run_id: job.run_id,
        run_attempt: job.run_attempt,
        runner: job.runner_name,
        labels: job.labels.slice(0, 10),
      }),
      texts: [],
    };
  },
  status: (payload) => ({
    subject: { type: "status", number: null, title: payload.context, state: payload.state, url: payload.target_url },
    summary: `Commit status ${quote(payload.context)} ${outcome(payload.state)} for ${shortSha(payload.sha)}`,
    details: compact({
      context: payload.context,
      state: payload.state,
      sha: shortSha(payload.sha),
      description: payload.description ? truncate(oneLine(payload.description), 200) : undefined,
      branches: payload.branches.slice(0, 5).map((branch) => branch.name),
      commit_message: firstLine(payload.commit.commit.message),
    }),
    texts: [],
  }),
  workflow_dispatch: (payload, actor) => {
    const file = payload.workflow.slice(payload.workflow.lastIndexOf("/") + 1);
    return {
      subject: { type: "workflow", number: null, title: file, state: null, url: `${payload.repository.html_url}/actions/workflows/${file}` },
      summary: `${actor} manually ran workflow ${file} on ${refName(payload.ref)}`,
      details: { workflow: payload.workflow, ref: payload.ref, inputs: boundedInputs(payload.inputs) },
      texts: [],
    };
  },
  merge_group: (payload) => {
    const group = payload.merge_group;
    const base = refName(group.base_ref);
    return {
      subject: { type: "merge_group", number: null, title: refName(group.head_ref), state: null, url: null },
      summary:
        payload.action === "checks_requested"
          ? `Merge queue requested checks for a merge group into ${base}`
          : `Merge group into ${base} was destroyed${"reason" in payload && payload.reason ? ` (${payload.reason})` : ""}`,
      details: compact({
        base_ref: group.base_ref,
        head_ref: group.head_ref,
        head_sha: shortSha(group.head_sha),
        head_commit: firstLine(group.head_commit.message),
      }),
      texts: [],
    };
  },
} satisfies Partial<FamilyNormalizers>;
