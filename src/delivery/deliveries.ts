import type { Db, PrismaDb } from "../store/db.js";
import { empty, list, sql, type Fragment } from "../store/sql.js";
import type { AttemptTrigger } from "./attempts.js";
import { DeliveryError } from "./errors.js";
import { notFound } from "./subscriptions.js";

export type DeliveryStatus = "pending" | "delivered" | "failed";

export interface DeliveryInfo {
  id: number;
  status: DeliveryStatus;
  subscription: string;
  /** "pull_request.opened" */
  event: string;
  /** The event's X-GitHub-Delivery id. */
  eventDeliveryId: string;
  repository: string | null;
  summary: string;
  /** Tries so far, manual retries included. */
  attempts: number;
  nextAttemptAt: Date;
  deliveredAt: Date | null;
  createdAt: Date;
  lastError: string | null;
}

export interface AttemptInfo {
  /** The delivery's first, second… try. */
  number: number;
  trigger: AttemptTrigger;
  startedAt: Date;
  durationMs: number;
  statusCode: number | null;
  response: string | null;
  error: string | null;
}

export interface DeliveryFilter {
  status?: DeliveryStatus;
  subscription?: string;
  limit: number;
  /** Only deliveries older than this one (the next page of a newest-first list). */
  beforeId?: number;
}

const FIELDS = {
  id: true,
  status: true,
  attempts: true,
  nextAttemptAt: true,
  deliveredAt: true,
  createdAt: true,
  lastError: true,
  subscription: { select: { name: true } },
  event: { select: { deliveryId: true, eventType: true, action: true, repository: true, summary: true } },
} as const;

type Row = {
  id: number;
  status: string;
  attempts: number;
  nextAttemptAt: Date;
  deliveredAt: Date | null;
  createdAt: Date;
  lastError: string | null;
  subscription: { name: string };
  event: { deliveryId: string; eventType: string; action: string | null; repository: string | null; summary: string };
};

function infoOf(row: Row): DeliveryInfo {
  const { subscription, event, status, ...rest } = row;
  return {
    ...rest,
    status: status as DeliveryStatus,
    subscription: subscription.name,
    event: event.action === null ? event.eventType : `${event.eventType}.${event.action}`,
    eventDeliveryId: event.deliveryId,
    repository: event.repository,
    summary: event.summary,
  };
}

async function subscriptionsNamed(prisma: PrismaDb, name: string | undefined): Promise<{ id: number; enabled: boolean }[] | undefined> {
  if (name === undefined) return undefined;
  const found = await prisma.subscription.findUnique({ where: { name }, select: { id: true, enabled: true } });
  if (!found) throw notFound(name);
  return [found];
}

/** The newest deliveries first. */
export async function listDeliveries(prisma: PrismaDb, { status, subscription, limit, beforeId }: DeliveryFilter): Promise<DeliveryInfo[]> {
  const named = await subscriptionsNamed(prisma, subscription);
  const rows = await prisma.delivery.findMany({
    where: { ...(status ? { status } : {}), ...(named ? { subscriptionId: named[0]!.id } : {}), ...(beforeId === undefined ? {} : { id: { lt: beforeId } }) },
    orderBy: { id: "desc" },
    take: limit,
    select: FIELDS,
  });
  return rows.map(infoOf);
}

/** One delivery with every try, oldest first. */
export async function deliveryDetail(prisma: PrismaDb, id: number): Promise<{ delivery: DeliveryInfo; attempts: AttemptInfo[] }> {
  const row = await prisma.delivery.findUnique({ where: { id }, select: FIELDS });
  if (!row) throw new DeliveryError(`No delivery ${id}. See the recent ones with: code-buddy deliveries list`, "not_found");
  const attempts = await prisma.deliveryAttempt.findMany({
    where: { deliveryId: id },
    orderBy: { id: "asc" },
    select: { number: true, trigger: true, startedAt: true, durationMs: true, statusCode: true, response: true, error: true },
  });
  return { delivery: infoOf(row), attempts: attempts.map((attempt) => ({ ...attempt, trigger: attempt.trigger as AttemptTrigger })) };
}

/**
 * Puts the deliveries `where` selects back in the queue, due now, with a fresh
 * retry schedule: it starts over from the tries they have (manual_retry_after),
 * which keep counting, and their next try is a manual retry. Returns how many.
 */
function requeue(db: Db, where: Fragment, now: Date): Promise<number> {
  return db.execute(
    sql`UPDATE deliveries SET status = 'pending', manual_retry_after = attempts, next_attempt_at = ${now}, claimed_until = NULL, delivered_at = NULL WHERE ${where}`,
  );
}

/**
 * Sends one delivery again, failed or delivered (a replay). It goes out in
 * its place in its subscription's order: before the newer deliveries of its
 * repository (webhooks) or agent (Letta).
 */
export async function retryDelivery(db: Db, id: number, now: Date): Promise<DeliveryInfo> {
  const row = await db.prisma.delivery.findUnique({ where: { id }, select: { ...FIELDS, subscription: { select: { name: true, enabled: true } } } });
  if (!row) throw new DeliveryError(`No delivery ${id}. See the failed ones with: code-buddy deliveries list --failed`, "not_found");
  if (row.status === "pending") throw new DeliveryError(`Delivery ${id} is already queued (next try at ${row.nextAttemptAt.toISOString()}).`, "conflict");
  if (!row.subscription.enabled)
    throw new DeliveryError(`Subscription "${row.subscription.name}" is disabled: enable it first with code-buddy subscription enable ${row.subscription.name}`, "conflict");
  await requeue(db, sql`id = ${id} AND status <> 'pending'`, now);
  return { ...infoOf(row), status: "pending", nextAttemptAt: now, deliveredAt: null };
}

/** Re-queues every failed delivery (of one subscription, created since a time); those of disabled subscriptions are left and counted. */
export async function retryFailed(db: Db, filter: { subscription?: string; since?: Date }, now: Date): Promise<{ requeued: number; disabled: number }> {
  const subscriptions = (await subscriptionsNamed(db.prisma, filter.subscription)) ?? (await db.prisma.subscription.findMany({ select: { id: true, enabled: true } }));
  const idsWhere = (enabled: boolean) => subscriptions.filter((subscription) => subscription.enabled === enabled).map((subscription) => subscription.id);
  const enabled = idsWhere(true);
  const since = filter.since ? sql` AND created_at >= ${filter.since}` : empty;
  const requeued = enabled.length === 0 ? 0 : await requeue(db, sql`status = 'failed' AND subscription_id IN ${list(enabled)}${since}`, now);
  const disabled = await db.prisma.delivery.count({
    where: { status: "failed", ...(filter.since ? { createdAt: { gte: filter.since } } : {}), subscriptionId: { in: idsWhere(false) } },
  });
  return { requeued, disabled };
}
