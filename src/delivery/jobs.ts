import type { NormalizedEvent } from "../normalize/types.js";
import { claimDue, claimFollowers, type ClaimedRow, type ClaimRequest } from "./claim.js";
import type { SubscriptionTarget, SubscriptionTargets } from "./subscription-targets.js";
import type { WorkerSql } from "./worker-sql.js";

export interface JobSubscription extends SubscriptionTarget {
  failingSince: Date | null;
}

export interface JobDelivery {
  id: number;
  /** Tries so far. */
  attempts: number;
  /** The tries it had when `deliveries retry` last queued it again, if ever (see nextTry). */
  manualRetryAfter: number | null;
  event: NormalizedEvent;
}

/** What one request sends: one delivery, or for Letta a head and the rows queued behind it. */
export interface Job {
  subscription: JobSubscription;
  orderKey: string;
  /** In id order, the claimed head first. */
  deliveries: JobDelivery[];
  leaseUntil: Date;
}

const jobDelivery = (row: ClaimedRow): JobDelivery => ({
  id: row.id,
  attempts: row.attempts,
  manualRetryAfter: row.manualRetryAfter,
  event: JSON.parse(row.event) as NormalizedEvent,
});

/** Claims what is due (see claimDue) and returns it as jobs; a Letta head brings up to `lettaMaxEvents - 1` followers. */
export async function claimJobs(sql: WorkerSql, targets: SubscriptionTargets, request: ClaimRequest, lettaMaxEvents: number): Promise<Job[]> {
  const heads = await claimDue(sql, request);
  if (heads.length === 0) return [];
  const known = await targets.get(heads.map((head) => head.subscriptionId));
  const jobs: Job[] = [];
  for (const head of heads) {
    // Removed since the claim: its rows are gone with it.
    const target = known.get(head.subscriptionId);
    if (!target) continue;
    const deliveries = [jobDelivery(head)];
    if (target.target === "letta" && lettaMaxEvents > 1) deliveries.push(...(await claimFollowers(sql, head, request.leaseUntil, lettaMaxEvents - 1)).map(jobDelivery));
    jobs.push({ subscription: { ...target, failingSince: head.failingSince }, orderKey: head.orderKey, deliveries, leaseUntil: request.leaseUntil });
  }
  return jobs;
}
