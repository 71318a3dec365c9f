import Database from "better-sqlite3";
import { sqliteValue } from "../store/event-columns.js";
import type { SqlRunner, Statement } from "./sql.js";

interface Prepared {
  statement: Database.Statement;
  /** For each "?", the index of its value in the $-numbered parameters. */
  order: number[];
}

/**
 * SQLite: a connection of the worker's own with each statement prepared once.
 * Through Prisma, re-preparing the claim and mapping every value cost most of
 * the process's CPU at 100 events/s (bench:push profile), as it did for ingest
 * (see sqlite-event-inserter.ts). Its statements are single and synchronous,
 * so it never holds a lock across an await.
 */
export class SqliteRunner implements SqlRunner {
  readonly provider = "sqlite";
  readonly #db: Database.Database;
  readonly #prepared = new Map<string, Prepared>();

  constructor(path: string) {
    this.#db = new Database(path, { timeout: 5000 });
    this.#db.pragma("foreign_keys = ON");
  }

  #prepare(sql: string): Prepared {
    let prepared = this.#prepared.get(sql);
    if (!prepared) {
      const order: number[] = [];
      const text = sql.replace(/\$(\d+)/g, (_, n: string) => {
        order.push(Number(n) - 1);
        return "?";
      });
      prepared = { statement: this.#db.prepare(text), order };
      this.#prepared.set(sql, prepared);
    }
    return prepared;
  }

  #args({ order }: Prepared, params: readonly unknown[]): unknown[] {
    return order.map((index) => sqliteValue(params[index]));
  }

  async query<T>(sql: string, params: readonly unknown[]): Promise<T[]> {
    const prepared = this.#prepare(sql);
    return prepared.statement.all(...this.#args(prepared, params)) as T[];
  }

  async execute(sql: string, params: readonly unknown[]): Promise<number> {
    const prepared = this.#prepare(sql);
    return prepared.statement.run(...this.#args(prepared, params)).changes;
  }

  /** Synchronous from BEGIN to COMMIT, so the lock is never held across an await. */
  async transaction(statements: readonly Statement[]): Promise<number[]> {
    const prepared = statements.map(({ sql, params }) => ({ prepared: this.#prepare(sql), params }));
    return this.#db.transaction(() => prepared.map(({ prepared: p, params }) => p.statement.run(...this.#args(p, params)).changes))();
  }

  async close(): Promise<void> {
    this.#db.close();
  }
}
