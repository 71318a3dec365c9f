import type { Logger } from "pino";
import { join, list, sql, type Fragment } from "../store/sql.js";
import type { DeliveryConfig } from "../config.js";
import type { SendResult } from "./http-post.js";
import type { Job, JobDelivery } from "./jobs.js";
import { leastWaitMs, nextAttemptAt } from "./retry-schedule.js";
import { disableSubscription, recordFailure, recordSuccess } from "./subscription-health.js";
import type { WorkerSql } from "./worker-sql.js";

export interface RecordDeps {
  sql: WorkerSql;
  config: Pick<DeliveryConfig, "retryScheduleMs" | "disableAfterMs">;
  random: () => number;
  log: Logger;
}

/** The last error as `deliveries list` shows it: the status and the start of the answer, or what went wrong. */
export function describeResult(result: SendResult): string {
  const answer = result.statusCode === null ? "" : `HTTP ${result.statusCode}${result.response ? `: ${result.response.slice(0, 200)}` : ""}`;
  return [answer, result.error ?? ""].filter((part) => part !== "").join("; ") || "no answer";
}

/** What made a try happen: its schedule (the first try too), `deliveries retry`, or `subscription test` (a ping, no delivery). */
export type AttemptTrigger = "scheduled" | "manual retry" | "test";

/**
 * The number of a delivery's next try, counted across manual retries, and
 * what triggers it: the first try after `deliveries retry` is a manual retry,
 * the others are its schedule's. Pure.
 */
export function nextTry({ attempts, manualRetryAfter }: Pick<JobDelivery, "attempts" | "manualRetryAfter">): { number: number; trigger: AttemptTrigger } {
  return { number: attempts + 1, trigger: attempts === manualRetryAfter ? "manual retry" : "scheduled" };
}

function insertAttempts(job: Job, result: SendResult, startedAt: Date): Fragment {
  const rows = job.deliveries.map((delivery) => {
    const { number, trigger } = nextTry(delivery);
    return sql`(${job.subscription.id}, ${delivery.id}, ${number}, ${trigger}, ${startedAt}, ${result.durationMs}, ${result.statusCode}, ${result.response}, ${result.error})`;
  });
  // "trigger" is a keyword in both SQL dialects: quoted, as Prisma's migrations name it.
  return sql`INSERT INTO delivery_attempts (subscription_id, delivery_id, number, "trigger", started_at, duration_ms, status_code, response, error) VALUES ${join(rows, ", ")}`;
}

/** What a try does to a delivery: the only changes the worker makes to the rows it holds. */
type Settlement = { status: "delivered"; at: Date } | { status: "failed"; lastError: string } | { status: "pending"; nextAttemptAt: Date; lastError: string };

function setClause(settlement: Settlement): Fragment {
  switch (settlement.status) {
    case "delivered":
      return sql`status = 'delivered', delivered_at = ${settlement.at}, last_error = NULL`;
    case "failed":
      return sql`status = 'failed', last_error = ${settlement.lastError}`;
    case "pending":
      return sql`next_attempt_at = ${settlement.nextAttemptAt}, last_error = ${settlement.lastError}`;
  }
}

/**
 * Counts the try on rows this worker still holds, and only those: after its
 * lease expired, another worker owns them.
 */
function updateHeld(job: Job, ids: readonly number[], settlement: Settlement): Fragment {
  return sql`UPDATE deliveries SET ${setClause(settlement)}, attempts = attempts + 1, claimed_until = NULL
    WHERE id IN ${list(ids)} AND claimed_until = ${job.leaseUntil} AND status = 'pending'`;
}

interface Outcome {
  updates: Fragment[];
  /** When the job's rows are due again, if ever. */
  due: Date | null;
  /** The subscription's health, once the rows are updated. */
  after(): Promise<void>;
}

function delivered({ sql }: RecordDeps, job: Job, ids: number[], now: Date): Outcome {
  const update = updateHeld(job, ids, { status: "delivered", at: now });
  return { updates: [update], due: null, after: () => recordSuccess(sql, job.subscription) };
}

function gone({ sql, log }: RecordDeps, job: Job, ids: number[], now: Date, lastError: string): Outcome {
  const reason = `The endpoint answered 410 Gone at ${now.toISOString()}: it wants no more deliveries. Once it does, run: code-buddy subscription enable ${job.subscription.name}`;
  return {
    updates: [updateHeld(job, ids, { status: "failed", lastError })],
    due: null,
    after: async () => {
      await disableSubscription(sql, job.subscription.id, reason);
      log.warn({ subscription: job.subscription.name }, reason);
    },
  };
}

/**
 * Each delivery moves along the schedule from its own count of failures since
 * the schedule began (its first try, or `deliveries retry`); one whose
 * schedule is spent is failed (dead letter).
 */
function retry({ sql, config, random, log }: RecordDeps, job: Job, result: SendResult, now: Date, lastError: string): Outcome {
  const steps = job.deliveries.map((delivery) => {
    const attempts = nextTry(delivery).number;
    return { id: delivery.id, attempts, next: nextAttemptAt(attempts - (delivery.manualRetryAfter ?? 0), now, config.retryScheduleMs, random, leastWaitMs(result)) };
  });
  const updates = steps.map(({ id, next }) => updateHeld(job, [id], next === null ? { status: "failed", lastError } : { status: "pending", nextAttemptAt: next, lastError }));
  const dues = steps.flatMap(({ next }) => (next === null ? [] : [next.getTime()]));
  return {
    updates,
    due: dues.length > 0 ? new Date(Math.min(...dues)) : null,
    after: async () => {
      for (const { id, attempts } of steps.filter((step) => step.next === null))
        log.warn(
          { subscription: job.subscription.name, delivery: id, lastError },
          `delivery failed for good after ${attempts} tries; replay it with: code-buddy deliveries retry ${id}`,
        );
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
  const [, ...updated] = await deps.sql.writeAllOrNone([insertAttempts(job, result, startedAt), ...outcome.updates]);
  if (updated.reduce((sum, count) => sum + count, 0) < ids.length)
    deps.log.warn(
      { subscription: job.subscription.name, deliveries: ids },
      "a lease expired before its try was recorded; another worker sends these again, with the same webhook-id",
    );
  await outcome.after();
  return outcome.due;
}
