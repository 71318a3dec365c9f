import { compact } from "../pick.js";
import { excerpt, quote, shortSha } from "../text.js";
import type { EventSubject, FamilyNormalizers, PayloadOf } from "../types.js";
import { outcome } from "./run-outcome.js";

type Deployment = PayloadOf<"deployment">["deployment"] | PayloadOf<"deployment_status">["deployment"];

function deploymentSubject(deployment: Deployment, state: string | null): EventSubject {
  return { type: "deployment", number: null, title: deployment.environment, state, url: null };
}

function deploymentDetails(deployment: Deployment): Record<string, unknown> {
  return { environment: deployment.environment, ref: deployment.ref, sha: shortSha(deployment.sha), task: deployment.task, creator: deployment.creator?.login };
}

function describeReview(payload: PayloadOf<"deployment_review">, actor: string): string {
  const workflow = payload.workflow_run ? ` for workflow ${quote(payload.workflow_run.name)}` : "";
  if (payload.action === "requested") {
    return `${payload.requestor?.login ?? actor} requested a review to deploy to ${payload.environment}${workflow}`;
  }
  const environments = [...new Set((payload.workflow_job_runs ?? []).map((run) => run.environment).filter(Boolean))];
  return `${actor} ${payload.action} the deployment to ${environments.join(", ") || "an environment"}${workflow}`;
}

export const deploymentNormalizers = {
  deployment: (payload, actor) => ({
    subject: deploymentSubject(payload.deployment, "created"),
    summary: `${actor} deployed ${payload.deployment.ref} to ${payload.deployment.environment}`,
    details: compact({ ...deploymentDetails(payload.deployment), description: excerpt(payload.deployment.description, 200), workflow: payload.workflow?.name }),
    texts: [],
  }),
  deployment_status: (payload) => {
    const { deployment, deployment_status: status } = payload;
    return {
      subject: { ...deploymentSubject(deployment, status.state), url: status.target_url || null },
      summary: `Deployment of ${deployment.ref} to ${status.environment || deployment.environment} ${outcome(status.state)}`,
      details: compact({ ...deploymentDetails(deployment), state: status.state, description: excerpt(status.description, 200) }),
      texts: [],
    };
  },
  deployment_review: (payload, actor) => ({
    subject: payload.workflow_run
      ? { type: "workflow_run", number: payload.workflow_run.run_number, title: payload.workflow_run.name, state: payload.workflow_run.status, url: payload.workflow_run.html_url }
      : null,
    summary: describeReview(payload, actor),
    details: compact({
      environment: "environment" in payload ? payload.environment : undefined,
      comment: "comment" in payload ? excerpt(payload.comment) : undefined,
      head_branch: payload.workflow_run?.head_branch,
    }),
    texts: "comment" in payload && payload.comment ? [payload.comment] : [],
  }),
  deployment_protection_rule: (payload) => ({
    subject: null,
    summary: `A deployment to ${payload.environment ?? "an environment"} is waiting for a protection rule${payload.event ? ` (triggered by ${payload.event})` : ""}`,
    details: compact({
      environment: payload.environment,
      event: payload.event,
      ref: payload.deployment?.ref,
      pull_requests: payload.pull_requests?.slice(0, 10).map((pr) => pr.number),
    }),
    texts: [],
  }),
} satisfies Partial<FamilyNormalizers>;
