import type { Logger } from "pino";
import { providerOf, sqlitePath } from "../store/provider.js";
import { PostgresRunner } from "./postgres-runner.js";
import { SqliteRunner } from "./sqlite-runner.js";
import type { WorkerSql } from "./worker-sql.js";

/** The delivery worker's own connection to the database at `databaseUrl`: one on SQLite, a small pool on PostgreSQL. */
export function openWorkerSql(databaseUrl: string, log: Logger): WorkerSql {
  return providerOf(databaseUrl) === "sqlite" ? new SqliteRunner(sqlitePath(databaseUrl)) : new PostgresRunner(databaseUrl, log);
}
