import type { Logger } from "pino";
import type { DeliveryConfig } from "./delivery-config.js";
import type { SendResult } from "./http-post.js";
import type { Job } from "./jobs.js";
import { nextAttemptAt } from "./retry-schedule.js";
import { placeholders, type SqlRunner, type Statement } from "./sql.js";
import { disableSubscription, recordFailure, recordSuccess } from "./subscription-health.js";

export interface RecordDeps {
  sql: SqlRunner;
  config: Pick<DeliveryConfig, "retryScheduleMs" | "disableAfterMs">;
  random: () => number;
  log: Logger;
}

/** The last error as `deliveries list` shows it: the status and the start of the answer, or what went wrong. */
export function describeResult(result: SendResult): string {
  const answer = result.statusCode === null ? "" : `HTTP ${result.statusCode}${result.response ? `: ${result.response.slice(0, 200)}` : ""}`;
  return [answer, result.error ?? ""].filter((part) => part !== "").join("; ") || "no answer";
}

function insertAttempts(ids: readonly number[], result: SendResult, startedAt: Date): Statement {
  const values = ids.map((_, row) => `(${placeholders(row * 6 + 1, 6)})`).join(", ");
  return {
    sql: `INSERT INTO delivery_attempts (delivery_id, started_at, duration_ms, status_code, response, error) VALUES ${values}`,
    params: ids.flatMap((id) => [id, startedAt, result.durationMs, result.statusCode, result.response, result.error]),
  };
}

/**
 * Updates rows this worker still holds, and only those: after its lease
 * expired, another worker owns them. `params` fill the SET clause's $1…$n.
 */
function updateHeld(job: Job, ids: readonly number[], set: string, params: readonly unknown[]): Statement {
  const idFrom = params.length + 1;
  return {
    sql: `UPDATE deliveries SET ${set}, claimed_until = NULL WHERE id IN (${placeholders(idFrom, ids.length)}) AND claimed_until = $${idFrom + ids.length} AND status = 'pending'`,
    params: [...params, ...ids, job.leaseUntil],
  };
}

interface Outcome {
  updates: Statement[];
  /** When the job's rows are due again, if ever. */
  due: Date | null;
  /** The subscription's health, once the rows are updated. */
  after(): Promise<void>;
}

function delivered({ sql }: RecordDeps, job: Job, ids: number[], now: Date): Outcome {
  const update = updateHeld(job, ids, "status = 'delivered', attempts = attempts + 1, delivered_at = $1, last_error = NULL", [now]);
  return { updates: [update], due: null, after: () => recordSuccess(sql, job.subscription) };
}

function gone({ sql, log }: RecordDeps, job: Job, ids: number[], now: Date, lastError: string): Outcome {
  const reason = `The endpoint answered 410 Gone at ${now.toISOString()}: it wants no more deliveries. Once it does, run: code-buddy subscription enable ${job.subscription.name}`;
  return {
    updates: [updateHeld(job, ids, "status = 'failed', attempts = attempts + 1, last_error = $1", [lastError])],
    due: null,
    after: async () => {
      await disableSubscription(sql, job.subscription.id, reason);
      log.warn({ subscription: job.subscription.name }, reason);
    },
  };
}

/** Each delivery moves along the schedule from its own count of tries; one whose schedule is spent is failed (dead letter). */
function retry({ sql, config, random, log }: RecordDeps, job: Job, result: SendResult, now: Date, lastError: string): Outcome {
  const steps = job.deliveries.map((delivery) => ({ id: delivery.id, attempts: delivery.attempts + 1, next: nextAttemptAt(delivery.attempts + 1, now, config.retryScheduleMs, random, result.retryAfterMs) }));
  const updates = steps.map(({ id, attempts, next }) =>
    next === null
      ? updateHeld(job, [id], "status = 'failed', attempts = $1, last_error = $2", [attempts, lastError])
      : updateHeld(job, [id], "attempts = $1, next_attempt_at = $2, last_error = $3", [attempts, next, lastError]),
  );
  const dues = steps.flatMap(({ next }) => (next === null ? [] : [next.getTime()]));
  return {
    updates,
    due: dues.length > 0 ? new Date(Math.min(...dues)) : null,
    after: async () => {
      for (const { id, attempts } of steps.filter((step) => step.next === null))
        log.warn({ subscription: job.subscription.name, delivery: id, lastError }, `delivery failed for good after ${attempts} tries; replay it with: code-buddy deliveries retry ${id}`);
      const disabled = await recordFailure(sql, job.subscription, now, config.disableAfterMs, lastError);
      if (disabled) log.warn({ subscription: job.subscription.name }, `subscription disabled: ${disabled}`);
    },
  };
}

/**
 * Records one try of a job: in one transaction, an attempt row per delivery
 * and each delivery's new state; then the subscription's health. Returns when
 * the job's rows are due again, if ever.
 */
export async function recordAttempt(deps: RecordDeps, job: Job, result: SendResult, startedAt: Date, now: Date): Promise<Date | null> {
  const ids = job.deliveries.map((delivery) => delivery.id);
  const outcome =
    result.outcome === "delivered"
      ? delivered(deps, job, ids, now)
      : result.outcome === "gone"
        ? gone(deps, job, ids, now, describeResult(result))
        : retry(deps, job, result, now, describeResult(result));
  const [, ...updated] = await deps.sql.transaction([insertAttempts(ids, result, startedAt), ...outcome.updates]);
  if (updated.reduce((sum, count) => sum + count, 0) < ids.length)
    deps.log.warn({ subscription: job.subscription.name, deliveries: ids }, "a lease expired before its try was recorded; another worker sends these again, with the same webhook-id");
  await outcome.after();
  return outcome.due;
}
