import type { Db } from "../store/db.js";

export type SqlValue = string | number | Date;

/**
 * SQL statements being built for either provider. Fragments take their values
 * through `value`, which returns a numbered placeholder ($1, $2…), so they can
 * be written in any order, a value used twice, and one builder serve several
 * statements: each is sent with the values it names, renumbered, as plain `?`
 * in textual order for SQLite's driver. (So no SQL text here may contain a
 * literal `$` followed by a digit.) Dates are bound as each provider stores
 * them: integer milliseconds on SQLite (see src/store/db.ts), timestamps on
 * PostgreSQL.
 */
export class Sql {
  readonly db: Db;
  readonly #values: unknown[] = [];

  constructor(db: Db) {
    this.db = db;
  }

  get sqlite(): boolean {
    return this.db.provider === "sqlite";
  }

  /**
   * A column in a condition. On SQLite, `+column` when its index must not
   * drive the scan: without ANALYZE statistics SQLite cannot tell which of two
   * indexed equalities is rarer, and scanning the wrong index (every
   * pull_request event to find one repository's) cost 100x (bench/query.mjs).
   * PostgreSQL's planner has statistics, and no unary plus on text.
   */
  column(name: string, drives: boolean): string {
    return drives || !this.sqlite ? name : `+${name}`;
  }

  value(value: SqlValue): string {
    this.#values.push(value instanceof Date && this.sqlite ? value.getTime() : value);
    return `$${this.#values.length}`;
  }

  /** "($1, $2)", for IN. */
  list(values: readonly SqlValue[]): string {
    return `(${values.map((value) => this.value(value)).join(", ")})`;
  }

  rows<Row>(text: string): Promise<Row[]> {
    const { sql, values } = this.#render(text);
    return this.db.prisma.$queryRawUnsafe<Row[]>(sql, ...values);
  }

  execute(text: string): Promise<number> {
    const { sql, values } = this.#render(text);
    return this.db.prisma.$executeRawUnsafe(sql, ...values);
  }

  #render(text: string): { sql: string; values: unknown[] } {
    const values: unknown[] = [];
    const numbers = new Map<string, number>();
    const sql = text.replace(/\$(\d+)/g, (_, index: string) => {
      const value = this.#values[Number(index) - 1];
      if (this.sqlite) {
        values.push(value);
        return "?";
      }
      if (!numbers.has(index)) numbers.set(index, values.push(value));
      return `$${numbers.get(index)}`;
    });
    return { sql, values };
  }
}
