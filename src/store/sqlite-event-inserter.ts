import Database from "better-sqlite3";
import { EVENT_COLUMNS, sqliteValue, type EventRowValues } from "./event-columns.js";

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
  #insertBatch: ((rows: EventRowValues[]) => Map<string, number>) | null = null;

  constructor(path: string) {
    this.#path = path;
  }

  /** Opened on first use, so processes that never ingest (the CLI) never open the second connection. */
  #open(): (rows: EventRowValues[]) => Map<string, number> {
    const db = new Database(this.#path, { timeout: 5000 });
    let insert: Database.Statement<unknown[], { id: number }>;
    try {
      insert = db.prepare(
        `INSERT INTO events (${EVENT_COLUMNS.map(([, column]) => column).join(", ")}) VALUES (${EVENT_COLUMNS.map(() => "?").join(", ")}) ON CONFLICT (delivery_id) DO NOTHING RETURNING id`,
      );
    } catch (error) {
      db.close();
      throw error;
    }
    this.#db = db;
    return db.transaction((rows: EventRowValues[]) => {
      const ids = new Map<string, number>();
      for (const row of rows) {
        const inserted = insert.get(...EVENT_COLUMNS.map(([field]) => sqliteValue(row[field])));
        if (inserted) ids.set(row.deliveryId, inserted.id);
      }
      return ids;
    });
  }

  insert(rows: EventRowValues[]): Map<string, number> {
    this.#insertBatch ??= this.#open();
    return this.#insertBatch(rows);
  }

  close(): void {
    this.#db?.close();
  }
}
