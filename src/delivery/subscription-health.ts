import { sql, type SqlRunner } from "../store/sql.js";
import type { JobSubscription } from "./jobs.js";

/** A success ends a failing streak. Written only when one was recorded, so that healthy traffic costs no write. */
export async function recordSuccess(db: SqlRunner, subscription: JobSubscription): Promise<void> {
  if (subscription.failingSince === null) return;
  await db.execute(sql`UPDATE subscriptions SET failing_since = NULL WHERE id = ${subscription.id}`);
}

export async function disableSubscription(db: SqlRunner, id: number, reason: string): Promise<void> {
  await db.execute(sql`UPDATE subscriptions SET enabled = false, disabled_reason = ${reason} WHERE id = ${id} AND enabled = true`);
}

/**
 * A failed try starts a failing streak, or extends one; a streak older than
 * `disableAfterMs` disables the subscription. Returns the reason when it did.
 * Its pending deliveries stay pending, to resume in order once it is enabled.
 */
export async function recordFailure(db: SqlRunner, subscription: JobSubscription, now: Date, disableAfterMs: number, lastError: string): Promise<string | null> {
  if (subscription.failingSince === null) {
    await db.execute(sql`UPDATE subscriptions SET failing_since = ${now} WHERE id = ${subscription.id} AND failing_since IS NULL`);
    return null;
  }
  if (now.getTime() - subscription.failingSince.getTime() < disableAfterMs) return null;
  const reason =
    `Every delivery has failed since ${subscription.failingSince.toISOString()} (last error: ${lastError}). ` +
    `Fix the receiver, then: code-buddy subscription enable ${subscription.name}`;
  await disableSubscription(db, subscription.id, reason);
  return reason;
}
