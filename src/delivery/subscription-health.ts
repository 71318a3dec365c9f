import type { JobSubscription } from "./jobs.js";
import type { SqlRunner } from "./sql.js";

/** A success ends a failing streak. Written only when one was recorded, so that healthy traffic costs no write. */
export async function recordSuccess(sql: SqlRunner, subscription: JobSubscription): Promise<void> {
  if (subscription.failingSince === null) return;
  await sql.execute("UPDATE subscriptions SET failing_since = NULL WHERE id = $1", [subscription.id]);
}

export async function disableSubscription(sql: SqlRunner, id: number, reason: string): Promise<void> {
  await sql.execute("UPDATE subscriptions SET enabled = false, disabled_reason = $1 WHERE id = $2 AND enabled = true", [reason, id]);
}

/**
 * A failed try starts a failing streak, or extends one; a streak older than
 * `disableAfterMs` disables the subscription. Returns the reason when it did.
 * Its pending deliveries stay pending, to resume in order once it is enabled.
 */
export async function recordFailure(sql: SqlRunner, subscription: JobSubscription, now: Date, disableAfterMs: number, lastError: string): Promise<string | null> {
  if (subscription.failingSince === null) {
    await sql.execute("UPDATE subscriptions SET failing_since = $1 WHERE id = $2 AND failing_since IS NULL", [now, subscription.id]);
    return null;
  }
  if (now.getTime() - subscription.failingSince.getTime() < disableAfterMs) return null;
  const reason =
    `Every delivery has failed since ${subscription.failingSince.toISOString()} (last error: ${lastError}). ` +
    `Fix the receiver, then: code-buddy subscription enable ${subscription.name}`;
  await disableSubscription(sql, subscription.id, reason);
  return reason;
}
