import type { PrismaDb } from "./db.js";
import { EVENT_COLUMNS, type EventRowValues } from "./event-columns.js";

/**
 * Stores several rows in one INSERT on PostgreSQL and returns the id of each
 * one stored; a delivery id already present is skipped (ON CONFLICT DO
 * NOTHING, which also waits for a concurrent insert of the same id by another
 * instance) and so absent from the result. Raw SQL on purpose: this is the
 * webhook hot path, and Prisma's query builder cost ~5x the database's own
 * work per row (bench:ingest profile).
 */
export async function insertPostgresEventRows(prisma: PrismaDb, rows: EventRowValues[]): Promise<Map<string, number>> {
  const placeholders = (rowIndex: number) => `(${EVENT_COLUMNS.map((_, column) => `$${rowIndex * EVENT_COLUMNS.length + column + 1}`).join(", ")})`;
  const sql =
    `INSERT INTO events (${EVENT_COLUMNS.map(([, column]) => column).join(", ")}) VALUES ${rows.map((_, index) => placeholders(index)).join(", ")} ` +
    "ON CONFLICT (delivery_id) DO NOTHING RETURNING id, delivery_id";
  const values = rows.flatMap((row) => EVENT_COLUMNS.map(([field]) => row[field]));
  const inserted = await prisma.$queryRawUnsafe<{ id: number; delivery_id: string }[]>(sql, ...values);
  return new Map(inserted.map((row) => [row.delivery_id, Number(row.id)]));
}
