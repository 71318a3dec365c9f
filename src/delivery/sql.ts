import type { Logger } from "pino";
import { providerOf, sqlitePath, type Provider } from "../store/db.js";
import { PostgresRunner } from "./postgres-runner.js";
import { SqliteRunner } from "./sqlite-runner.js";

/**
 * Runs the worker's statements: raw SQL, written once with $1-style
 * placeholders. Dates are passed as Date and stored as each schema stores
 * them (integer ms on SQLite, timestamp on PostgreSQL).
 */
export interface SqlRunner {
  provider: Provider;
  query<T>(sql: string, params: readonly unknown[]): Promise<T[]>;
  execute(sql: string, params: readonly unknown[]): Promise<number>;
  /** Applies writes to different rows all or none; returns the rows each changed. */
  transaction(statements: readonly Statement[]): Promise<number[]>;
  close(): Promise<void>;
}

export interface Statement {
  sql: string;
  params: readonly unknown[];
}

/** "$3, $4, $5" for `count` values from placeholder `first` on. */
export function placeholders(first: number, count: number): string {
  return Array.from({ length: count }, (_, i) => `$${first + i}`).join(", ");
}

/** The worker's own connection(s) to the database at `databaseUrl`. */
export function openSqlRunner(databaseUrl: string, log: Logger): SqlRunner {
  return providerOf(databaseUrl) === "sqlite" ? new SqliteRunner(sqlitePath(databaseUrl)) : new PostgresRunner(databaseUrl, log);
}
