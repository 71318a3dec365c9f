import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { PrismaClient as PgPrismaClient } from "../generated/postgres/client.js";
import { PrismaClient } from "../generated/sqlite/client.js";

export type Provider = "sqlite" | "postgres";

/**
 * The app is written against the SQLite client's type. Both clients are
 * generated from the same models, so their query APIs match; only their
 * provider-specific typings (isolation levels…) differ, hence the cast below.
 */
export type PrismaDb = PrismaClient;

export interface Db {
  provider: Provider;
  prisma: PrismaDb;
  close(): Promise<void>;
}

export function providerOf(databaseUrl: string): Provider {
  return /^postgres(ql)?:\/\//.test(databaseUrl) ? "postgres" : "sqlite";
}

export function sqlitePath(databaseUrl: string): string {
  return databaseUrl.replace(/^file:/, "");
}

export async function openDb(databaseUrl: string): Promise<Db> {
  if (providerOf(databaseUrl) === "postgres") {
    const prisma = new PgPrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) }) as unknown as PrismaDb;
    await prisma.$connect();
    return { provider: "postgres", prisma, close: () => prisma.$disconnect() };
  }
  const path = sqlitePath(databaseUrl);
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  // Dates as integer milliseconds: a third of the bytes of ISO text, in the rows and in every index on occurred_at.
  const prisma = new PrismaClient({ adapter: new PrismaBetterSqlite3({ url: path, timeout: 5000 }, { timestampFormat: "unixepoch-ms" }) });
  await prisma.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  await prisma.$queryRawUnsafe("PRAGMA foreign_keys = ON");
  return { provider: "sqlite", prisma, close: () => prisma.$disconnect() };
}
