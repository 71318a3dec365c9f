import pg from "pg";
import type { Logger } from "pino";
import { join, name, sql, statementOf, type Fragment } from "../store/sql.js";
import type { WorkerSql } from "./worker-sql.js";

const TIMESTAMP_OID = 1114;
/** Timestamps without time zone hold UTC, as Prisma writes them; pg would read them as local time. */
const utcTimestamps = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === TIMESTAMP_OID
      ? (text: string) => new Date(`${text.replace(" ", "T")}Z`)
      : (pg.types.getTypeParser(oid, format as "text") as (text: string) => unknown)) as typeof pg.types.getTypeParser,
};

/** Connections the worker holds at most: its statements are short, and the claim loop runs one at a time. */
const PG_POOL_SIZE = 4;

/**
 * PostgreSQL: a small pool of the worker's own with each statement prepared
 * once per connection (Prisma plans and maps each call anew: a claim cost
 * several times the database's own work in the bench:push profile).
 */
export class PostgresRunner implements WorkerSql {
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

  #query(fragment: Fragment): Promise<pg.QueryResult> {
    const { text, values } = statementOf(fragment, this.provider);
    let prepared = this.#names.get(text);
    if (prepared === undefined) {
      prepared = `code_buddy_delivery_${this.#names.size + 1}`;
      this.#names.set(text, prepared);
    }
    // As UTC text: pg would send a Date in local time, and a timestamp column keeps the wall time.
    return this.#pool.query({ name: prepared, text, values: values.map((value) => (value instanceof Date ? value.toISOString() : value)) });
  }

  async rows<Row>(query: Fragment): Promise<Row[]> {
    return (await this.#query(query)).rows as Row[];
  }

  async execute(write: Fragment): Promise<number> {
    return (await this.#query(write)).rowCount ?? 0;
  }

  /** One statement of data-modifying CTEs: atomic like a transaction, in one round trip; every write sees the same snapshot. */
  async writeAllOrNone(writes: readonly Fragment[]): Promise<number[]> {
    const ctes = writes.map((write, index) => sql`${name(`w${index}`)} AS (${write} RETURNING 1)`);
    const counts = writes.map((_, index) => sql`(SELECT count(*) FROM ${name(`w${index}`)})::integer AS ${name(`c${index}`)}`);
    const [row] = await this.rows<Record<string, number>>(sql`WITH ${join(ctes, ", ")} SELECT ${join(counts, ", ")}`);
    return writes.map((_, index) => row![`c${index}`]!);
  }

  close(): Promise<void> {
    return this.#pool.end();
  }
}
