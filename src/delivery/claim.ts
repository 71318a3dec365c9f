import { empty, list, sql, type Fragment } from "../store/sql.js";
import type { WorkerSql } from "./worker-sql.js";

export interface ClaimRequest {
  now: Date;
  /** The lease written on each claimed row; it also fences the worker's later updates. */
  leaseUntil: Date;
  limit: number;
  /** Deliveries of one subscription in flight at once, counting those other workers hold. */
  perSubscription: number;
}

/** A claimed row with what sending it needs: the stored event, and its subscription's failing streak. */
export interface ClaimedRow {
  id: number;
  subscriptionId: number;
  orderKey: string;
  attempts: number;
  manualRetryAfter: number | null;
  /** The normalized event, as JSON text. */
  event: string;
  failingSince: Date | null;
}

/** failing_since: a Date from PostgreSQL, integer ms from SQLite. */
type RawRow = { id: number; subscription_id: number; order_key: string; attempts: number; manual_retry_after: number | null; event: string; failing_since: Date | number | null };

/** Returned by every claim, so that a claimed row needs no second query. */
const RETURNING = sql`RETURNING deliveries.id, deliveries.subscription_id, deliveries.order_key, deliveries.attempts, deliveries.manual_retry_after,
  (SELECT event FROM events WHERE events.id = deliveries.event_id) AS event,
  (SELECT failing_since FROM subscriptions WHERE subscriptions.id = deliveries.subscription_id) AS failing_since`;

async function claim(db: WorkerSql, statement: Fragment): Promise<ClaimedRow[]> {
  const rows = await db.rows<RawRow>(sql`${statement} ${RETURNING}`);
  return rows
    .map((row) => ({
      id: row.id,
      subscriptionId: row.subscription_id,
      orderKey: row.order_key,
      attempts: row.attempts,
      manualRetryAfter: row.manual_retry_after,
      event: row.event,
      failingSince: row.failing_since === null ? null : new Date(row.failing_since),
    }))
    .sort((a, b) => a.id - b.id);
}

/** Heads locked per statement at most: enough for many subscriptions, bounded for a large outbox. */
const SCAN_FACTOR = 4;

/**
 * Claims due deliveries in one statement, safe with several workers (instances
 * on one PostgreSQL database): PostgreSQL locks the rows it takes with FOR
 * UPDATE SKIP LOCKED and re-checks them once locked; SQLite runs one write
 * statement at a time.
 *
 * Only the head of each orderKey (its oldest pending row) is claimable, so a
 * key's deliveries go out one at a time, in order; and only when due, not held
 * by a live lease, of an enabled subscription, and within the subscription's
 * limit of deliveries in flight (its claimed heads). The heads are found by
 * skipping from key to key along the (order_key, status, id) index, so the
 * cost grows with the number of keys, not with a backlog behind a receiver
 * that is down.
 */
export function claimDue(db: WorkerSql, { now, leaseUntil, limit, perSubscription }: ClaimRequest): Promise<ClaimedRow[]> {
  const lock = db.provider === "postgres" ? sql`FOR UPDATE OF d SKIP LOCKED` : empty;
  return claim(
    db,
    sql`
    WITH RECURSIVE order_keys (order_key) AS (
      SELECT min(order_key) FROM deliveries
      UNION ALL
      SELECT (SELECT min(e.order_key) FROM deliveries e WHERE e.order_key > k.order_key) FROM order_keys k WHERE k.order_key IS NOT NULL
    ), heads AS (
      SELECT h.id, h.subscription_id, h.claimed_until
      FROM order_keys k
      JOIN deliveries h ON h.id = (SELECT min(e.id) FROM deliveries e WHERE e.order_key = k.order_key AND e.status = 'pending')
    ), busy AS (
      SELECT subscription_id, count(*) AS n FROM heads WHERE claimed_until > ${now} GROUP BY subscription_id
    ), due AS (
      SELECT d.id, d.subscription_id, coalesce(b.n, 0) AS busy
      FROM heads h
      JOIN deliveries d ON d.id = h.id
      JOIN subscriptions s ON s.id = d.subscription_id AND s.enabled
      LEFT JOIN busy b ON b.subscription_id = d.subscription_id
      WHERE d.status = 'pending' AND d.next_attempt_at <= ${now} AND (d.claimed_until IS NULL OR d.claimed_until <= ${now}) AND coalesce(b.n, 0) < ${perSubscription}
      ORDER BY d.id LIMIT ${limit * SCAN_FACTOR}
      ${lock}
    ), ranked AS (
      SELECT id, busy, row_number() OVER (PARTITION BY subscription_id ORDER BY id) AS rank FROM due
    ), chosen AS (
      SELECT id FROM ranked WHERE rank + busy <= ${perSubscription} ORDER BY id LIMIT ${limit}
    )
    UPDATE deliveries SET claimed_until = ${leaseUntil} FROM chosen WHERE deliveries.id = chosen.id`,
  );
}

/**
 * Claims up to `limit` pending rows that follow a claimed head in its
 * orderKey, to send with it (a Letta agent gets the events that queued up
 * behind one message in the next). Only the head's holder can claim them,
 * since no other worker claims a row that is not a head. They are taken
 * whether due or not: they go no earlier than the head, and skipping one
 * would break the order.
 */
export function claimFollowers(db: WorkerSql, head: { id: number; orderKey: string }, leaseUntil: Date, limit: number): Promise<ClaimedRow[]> {
  return claim(
    db,
    sql`
    UPDATE deliveries SET claimed_until = ${leaseUntil}
    WHERE id IN (SELECT id FROM deliveries WHERE order_key = ${head.orderKey} AND status = 'pending' AND id > ${head.id} ORDER BY id LIMIT ${limit})`,
  );
}

/** Gives claimed rows back untried (the worker is stopping), if the lease is still this worker's. */
export async function releaseClaims(db: WorkerSql, ids: readonly number[], leaseUntil: Date): Promise<void> {
  await db.execute(sql`UPDATE deliveries SET claimed_until = NULL WHERE id IN ${list(ids)} AND claimed_until = ${leaseUntil}`);
}
