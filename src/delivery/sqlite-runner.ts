import Database from "better-sqlite3";
import { statementOf, type Fragment } from "../store/sql.js";
import type { WorkerSql } from "./worker-sql.js";

/**
 * SQLite: a connection of the worker's own with each statement prepared once.
 * Through Prisma, re-preparing the claim and mapping every value cost most of
 * the process's CPU at 100 events/s (bench:push profile), as it did for ingest
 * (see sqlite-event-inserter.ts). Its statements are single and synchronous,
 * so it never holds a lock across an await.
 */
export class SqliteRunner implements WorkerSql {
  readonly provider = "sqlite";
  readonly #db: Database.Database;
  readonly #prepared = new Map<string, Database.Statement>();

  constructor(path: string) {
    this.#db = new Database(path, { timeout: 5000 });
    this.#db.pragma("foreign_keys = ON");
  }

  #prepare(fragment: Fragment): { statement: Database.Statement; values: unknown[] } {
    const { text, values } = statementOf(fragment, this.provider);
    let statement = this.#prepared.get(text);
    if (!statement) {
      statement = this.#db.prepare(text);
      this.#prepared.set(text, statement);
    }
    return { statement, values };
  }

  async rows<Row>(query: Fragment): Promise<Row[]> {
    const { statement, values } = this.#prepare(query);
    return statement.all(...values) as Row[];
  }

  async execute(write: Fragment): Promise<number> {
    const { statement, values } = this.#prepare(write);
    return statement.run(...values).changes;
  }

  /** A transaction, synchronous from BEGIN to COMMIT, so the lock is never held across an await. */
  async writeAllOrNone(writes: readonly Fragment[]): Promise<number[]> {
    const prepared = writes.map((write) => this.#prepare(write));
    return this.#db.transaction(() => prepared.map(({ statement, values }) => statement.run(...values).changes))();
  }

  async close(): Promise<void> {
    this.#db.close();
  }
}
