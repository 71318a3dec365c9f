import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { randomUUID } from "node:crypto";
import { PrismaClient as PgPrismaClient } from "../generated/postgres/client.js";
import { PrismaClient } from "../generated/sqlite/client.js";
import type { EventRowValues } from "./event-columns.js";
import type { OutboxEntry } from "./events.js";
import { insertPostgresEventRows } from "./insert-events.js";
import { providerOf, sqlitePath, type Provider } from "./provider.js";
import { statementOf, type Fragment, type SqlRunner } from "./sql.js";
import { SqliteEventInserter } from "./sqlite-event-inserter.js";
import { createSqliteFile } from "./sqlite-file.js";

/**
 * The app is written against the SQLite client's type. Both clients are
 * generated from the same models, so their query APIs match; only their
 * provider-specific typings (isolation levels…) differ, hence the cast below.
 */
export type PrismaDb = PrismaClient;

/** The database: Prisma's client, the webhook hot path, and raw SQL (rows, execute) through Prisma's connection. */
export interface Db extends SqlRunner {
  provider: Provider;
  prisma: PrismaDb;
  /**
   * The webhook hot path: stores the rows and, for each row stored, its outbox
   * entries (`outbox[i]` belongs to `rows[i]`), in one transaction; returns the
   * id of each event stored by delivery id. An id already present is skipped,
   * with its outbox entries.
   */
  insertEventRows(rows: EventRowValues[], outbox?: readonly (readonly OutboxEntry[])[]): Promise<Map<string, number>>;
  /**
   * PostgreSQL: this process's application_name, unique to it, which the
   * events_announce trigger sends with each insert so that an instance can
   * tell its own inserts from the others' (src/events/postgres-announcer.ts).
   */
  sessionName: string | null;
  close(): Promise<void>;
}

/** Runs fragments through Prisma's connection, which plans each call anew: the query layer's way. */
function prismaRunner(provider: Provider, prisma: PrismaDb): SqlRunner {
  return {
    provider,
    rows: <Row>(query: Fragment) => {
      const { text, values } = statementOf(query, provider);
      return prisma.$queryRawUnsafe<Row[]>(text, ...values);
    },
    execute: (statement: Fragment) => {
      const { text, values } = statementOf(statement, provider);
      return prisma.$executeRawUnsafe(text, ...values);
    },
  };
}

export async function openDb(databaseUrl: string): Promise<Db> {
  if (providerOf(databaseUrl) === "postgres") {
    const sessionName = `code-buddy ${randomUUID()}`;
    const prisma = new PgPrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl, application_name: sessionName }) }) as unknown as PrismaDb;
    await prisma.$connect();
    const runner = prismaRunner("postgres", prisma);
    return {
      ...runner,
      prisma,
      insertEventRows: (rows, outbox = []) => insertPostgresEventRows(runner, rows, outbox),
      sessionName,
      close: () => prisma.$disconnect(),
    };
  }
  const path = sqlitePath(databaseUrl);
  if (path === ":memory:") throw new Error("DATABASE_URL file::memory: is not supported: Code Buddy opens the database twice (see sqlite-event-inserter.ts); use a file path.");
  createSqliteFile(path);
  // Dates as integer milliseconds: a third of the bytes of ISO text, in the rows and in every index on occurred_at.
  const prisma = new PrismaClient({ adapter: new PrismaBetterSqlite3({ url: path, timeout: 5000 }, { timestampFormat: "unixepoch-ms" }) });
  await prisma.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  await prisma.$queryRawUnsafe("PRAGMA foreign_keys = ON");
  const inserter = new SqliteEventInserter(path);
  return {
    ...prismaRunner("sqlite", prisma),
    sessionName: null,
    prisma,
    insertEventRows: async (rows, outbox = []) => inserter.insert(rows, outbox),
    close: async () => {
      inserter.close();
      await prisma.$disconnect();
    },
  };
}
