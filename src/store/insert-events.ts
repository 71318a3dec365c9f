import { EVENT_COLUMNS, type EventRowValues } from "./event-columns.js";
import type { OutboxEntry } from "./events.js";
import { join, list, name, sql, type SqlRunner } from "./sql.js";

const COLUMNS = join(
  EVENT_COLUMNS.map(([, column]) => name(column)),
  ", ",
);

/**
 * Stores several rows on PostgreSQL in one statement, with the outbox entries
 * of each row stored, and returns the id of each event stored; a delivery id
 * already present is skipped (ON CONFLICT DO NOTHING, which also waits for a
 * concurrent insert of the same id by another instance) and so absent from the
 * result, outbox included. One statement is one transaction, so an event and
 * its deliveries are committed together or not at all. Raw SQL on purpose:
 * this is the webhook hot path, and Prisma's query builder cost ~5x the
 * database's own work per row (bench:ingest profile).
 */
export async function insertPostgresEventRows(db: SqlRunner, rows: EventRowValues[], outbox: readonly (readonly OutboxEntry[])[]): Promise<Map<string, number>> {
  const events = rows.map((row) => list(EVENT_COLUMNS.map(([field]) => row[field])));
  const wanted = rows.flatMap((row, index) => (outbox[index] ?? []).map((entry) => sql`(${row.deliveryId}::text, ${entry.subscriptionId}::integer, ${entry.orderKey}::text)`));
  const insertEvents = sql`INSERT INTO events (${COLUMNS}) VALUES ${join(events, ", ")} ON CONFLICT (delivery_id) DO NOTHING RETURNING id, delivery_id`;
  const statement =
    wanted.length === 0
      ? insertEvents
      : sql`WITH inserted AS (${insertEvents}), outbox AS (
          INSERT INTO deliveries (subscription_id, event_id, order_key, status, attempts, next_attempt_at, created_at)
          SELECT wanted.subscription_id, inserted.id, wanted.order_key, 'pending', 0, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
          FROM inserted JOIN (VALUES ${join(wanted, ", ")}) AS wanted (delivery_id, subscription_id, order_key) ON wanted.delivery_id = inserted.delivery_id
        ) SELECT id, delivery_id FROM inserted`;
  const inserted = await db.rows<{ id: number; delivery_id: string }>(statement);
  return new Map(inserted.map((row) => [row.delivery_id, Number(row.id)]));
}
