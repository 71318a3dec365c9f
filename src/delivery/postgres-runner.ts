import pg from "pg";
import type { Logger } from "pino";
import type { SqlRunner, Statement } from "./sql.js";

const TIMESTAMP_OID = 1114;
/** Timestamps without time zone hold UTC, as Prisma writes them; pg would read them as local time. */
const utcTimestamps = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === TIMESTAMP_OID ? (text: string) => new Date(`${text.replace(" ", "T")}Z`) : pg.types.getTypeParser(oid, format as "text")) as typeof pg.types.getTypeParser,
};

/** Connections the worker holds at most: its statements are short, and the claim loop runs one at a time. */
const PG_POOL_SIZE = 4;

/**
 * PostgreSQL: a small pool of the worker's own with each statement prepared
 * once per connection (Prisma plans and maps each call anew: a claim cost
 * several times the database's own work in the bench:push profile).
 */
export class PostgresRunner implements SqlRunner {
  readonly provider = "postgres";
  readonly #pool: pg.Pool;
  readonly #names = new Map<string, string>();

  constructor(connectionString: string, log: Logger) {
    // The worker's writes are bookkeeping that a crash may lose without harm: a lost claim is claimed again, a
    // lost "delivered" is sent again with the same webhook-id. So its commits do not wait for the disk.
    this.#pool = new pg.Pool({ connectionString, max: PG_POOL_SIZE, types: utcTimestamps, options: "-c synchronous_commit=off" });
    // Without a listener, an idle connection that the server drops (a restart) would crash the process.
    this.#pool.on("error", (error) => log.warn({ err: error }, "the delivery worker lost an idle database connection; it opens a new one when needed"));
  }

  #statement(sql: string, params: readonly unknown[]): pg.QueryConfig {
    let name = this.#names.get(sql);
    if (name === undefined) {
      name = `code_buddy_delivery_${this.#names.size + 1}`;
      this.#names.set(sql, name);
    }
    // As UTC text: pg would send a Date in local time, and a timestamp column keeps the wall time.
    return { name, text: sql, values: params.map((value) => (value instanceof Date ? value.toISOString() : value)) };
  }

  async query<T>(sql: string, params: readonly unknown[]): Promise<T[]> {
    return (await this.#pool.query(this.#statement(sql, params))).rows as T[];
  }

  async execute(sql: string, params: readonly unknown[]): Promise<number> {
    return (await this.#pool.query(this.#statement(sql, params))).rowCount ?? 0;
  }

  /**
   * One statement, each write a data-modifying CTE: atomic like a transaction,
   * in one round trip instead of four or more (BEGIN, each write, COMMIT),
   * which under load was most of a delivery's time. The writes see the same
   * snapshot, which suits writes to different rows.
   */
  async transaction(statements: readonly Statement[]): Promise<number[]> {
    const values: unknown[] = [];
    const writes = statements.map(({ sql, params }, index) => {
      const offset = values.length;
      values.push(...params);
      return `w${index} AS (${sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`)} RETURNING 1)`;
    });
    const counts = statements.map((_, index) => `(SELECT count(*) FROM w${index})::integer AS c${index}`);
    const [row] = await this.query<Record<string, number>>(`WITH ${writes.join(", ")} SELECT ${counts.join(", ")}`, values);
    return statements.map((_, index) => row![`c${index}`]!);
  }

  close(): Promise<void> {
    return this.#pool.end();
  }
}
