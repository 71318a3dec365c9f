import type { Fragment, SqlRunner } from "../store/sql.js";

/**
 * The delivery worker's own connection(s) to the database (openWorkerSql),
 * each statement prepared once: the worker runs a few statements many times,
 * where Prisma plans and maps each call anew (most of a delivery's cost in
 * the bench:push profile).
 */
export interface WorkerSql extends SqlRunner {
  /**
   * Applies writes to different rows all or none, and returns how many rows
   * each changed. How differs by provider, and so does what a write sees:
   * SQLite runs them in one transaction, in order; PostgreSQL runs them as one
   * statement, each write a data-modifying CTE (one round trip instead of
   * BEGIN, each write, COMMIT), where every write sees the rows as they were
   * before any of them. So pass only INSERT, UPDATE or DELETE statements
   * (without RETURNING) that do not depend on each other's effects.
   */
  writeAllOrNone(writes: readonly Fragment[]): Promise<number[]>;
  close(): Promise<void>;
}
