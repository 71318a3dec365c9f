import type { Logger } from "pino";
import type { ProbotOctokit } from "probot";
import type { PrismaDb } from "../store/db.js";

/** GitHub keeps an app's webhook deliveries for three days. */
export const DELIVERY_HISTORY_MS = 3 * 24 * 60 * 60 * 1000;

export interface RecoveryDeps {
  /** Authenticated as the app (JWT): the delivery log belongs to the app, not to an installation. */
  octokit: ProbotOctokit;
  prisma: PrismaDb;
  log: Logger;
}

export interface RecoveryResult {
  checked: number;
  redelivered: string[];
}

interface DeliveryAttempt {
  id: number;
  guid: string;
  status_code: number;
  delivered_at: string;
}

const acknowledged = (attempt: DeliveryAttempt) => attempt.status_code >= 200 && attempt.status_code < 300;

/**
 * Asks GitHub to redeliver what was sent while Code Buddy was down or could not
 * store: deliveries since `since` that no attempt got a 2xx for and that are not
 * in the store. A delivery that was acknowledged once is never asked for again
 * (it was stored, perhaps since pruned). Redeliveries come back through the
 * webhook endpoint and its exactly-once insert, so running this twice, or on
 * several instances at once, stores nothing twice.
 */
export async function recoverMissedDeliveries({ octokit, prisma, log }: RecoveryDeps, since: Date): Promise<RecoveryResult> {
  const attemptsByGuid = new Map<string, DeliveryAttempt[]>();
  let checked = 0;
  for await (const { data } of octokit.paginate.iterator("GET /app/hook/deliveries", { per_page: 100 })) {
    const recent = (data as DeliveryAttempt[]).filter((attempt) => Date.parse(attempt.delivered_at) >= since.getTime());
    for (const attempt of recent) attemptsByGuid.set(attempt.guid, [...(attemptsByGuid.get(attempt.guid) ?? []), attempt]);
    checked += recent.length;
    // Newest first: a page reaching past `since` is the last one needed.
    if (recent.length < data.length) break;
  }

  const neverAcknowledged = [...attemptsByGuid].filter(([, attempts]) => !attempts.some(acknowledged)).map(([guid]) => guid);
  const stored = new Set((await prisma.event.findMany({ where: { deliveryId: { in: neverAcknowledged } }, select: { deliveryId: true } })).map((row) => row.deliveryId));
  const redelivered: string[] = [];
  for (const guid of neverAcknowledged.filter((guid) => !stored.has(guid))) {
    const latest = attemptsByGuid.get(guid)!.reduce((a, b) => (Date.parse(a.delivered_at) >= Date.parse(b.delivered_at) ? a : b));
    try {
      await octokit.request("POST /app/hook/deliveries/{delivery_id}/attempts", { delivery_id: latest.id });
      redelivered.push(guid);
    } catch (error) {
      log.warn({ err: error, delivery: guid }, "could not ask GitHub to redeliver a missed delivery; will try again at the next recovery");
    }
  }
  if (redelivered.length > 0) log.info({ count: redelivered.length, deliveries: redelivered }, "asked GitHub to redeliver missed deliveries");
  return { checked, redelivered };
}
