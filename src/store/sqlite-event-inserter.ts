import Database from "better-sqlite3";
import { EVENT_COLUMNS, type EventRowValues } from "./event-columns.js";
import type { OutboxEntry } from "./events.js";
import { sqliteValue } from "./sql.js";

type InsertBatch = (rows: EventRowValues[], outbox: readonly (readonly OutboxEntry[])[]) => Map<string, number>;

/**
 * The webhook hot path on SQLite: a connection of its own with the insert
 * prepared once, each batch in one transaction. Going through Prisma (even
 * raw SQL) re-prepared the statement and mapped every value and result on
 * each call, about a fifth of the webhook's CPU in the bench:ingest profile.
 * Its statements are synchronous, and Prisma's connection must only write in
 * single autocommit statements (no $transaction that writes, on SQLite): then
 * the two never wait on each other's lock within this process, where waiting
 * would block the event loop that the other connection needs to finish.
 */
export class SqliteEventInserter {
  readonly #path: string;
  #db: Database.Database | null = null;
  #insertBatch: InsertBatch | null = null;

  constructor(path: string) {
    this.#path = path;
  }

  /** Opened on first use, so processes that never ingest (the CLI) never open the second connection. */
  #open(): InsertBatch {
    const db = new Database(this.#path, { timeout: 5000 });
    let insertEvent: Database.Statement<unknown[], { id: number }>;
    let insertDelivery: Database.Statement<unknown[]>;
    try {
      db.pragma("foreign_keys = ON");
      insertEvent = db.prepare(
        `INSERT INTO events (${EVENT_COLUMNS.map(([, column]) => column).join(", ")}) VALUES (${EVENT_COLUMNS.map(() => "?").join(", ")}) ON CONFLICT (delivery_id) DO NOTHING RETURNING id`,
      );
      insertDelivery = db.prepare(
        "INSERT INTO deliveries (subscription_id, event_id, order_key, status, attempts, next_attempt_at, created_at) VALUES (?, ?, ?, 'pending', 0, ?, ?)",
      );
    } catch (error) {
      db.close();
      throw error;
    }
    this.#db = db;
    return db.transaction((rows: EventRowValues[], outbox: readonly (readonly OutboxEntry[])[]) => {
      const ids = new Map<string, number>();
      rows.forEach((row, index) => {
        const inserted = insertEvent.get(...EVENT_COLUMNS.map(([field]) => sqliteValue(row[field])));
        if (!inserted) return;
        ids.set(row.deliveryId, inserted.id);
        const now = Date.now();
        for (const entry of outbox[index] ?? []) insertDelivery.run(entry.subscriptionId, inserted.id, entry.orderKey, now, now);
      });
      return ids;
    });
  }

  insert(rows: EventRowValues[], outbox: readonly (readonly OutboxEntry[])[]): Map<string, number> {
    this.#insertBatch ??= this.#open();
    return this.#insertBatch(rows, outbox);
  }

  close(): void {
    this.#db?.close();
  }
}
