import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { openDb, type Db } from "../../src/store/db.js";
import { applyMigrations } from "../../src/store/migrate.js";

/** Where the PostgreSQL tests run: TEST_DATABASE_URL, or the local server these machines have. */
const POSTGRES_URL = process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test";

export interface TestDatabase {
  name: "sqlite" | "postgres";
  /** A fresh, migrated, empty database. */
  create(): Promise<{ url: string; db: Db; drop: () => Promise<void> }>;
}

/** Migrates and opens the database at `url`; `remove` deletes it once it is closed. */
async function migrated(url: string, remove: () => Promise<void> | void) {
  await applyMigrations(url);
  const db = await openDb(url);
  return {
    url,
    db,
    drop: async () => {
      await db.close();
      await remove();
    },
  };
}

const sqlite: TestDatabase = {
  name: "sqlite",
  async create() {
    const dir = mkdtempSync(join(tmpdir(), "code-buddy-test-"));
    return migrated(`file:${join(dir, "events.db")}`, () => rmSync(dir, { recursive: true, force: true }));
  },
};

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 2000 });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const postgres: TestDatabase = {
  name: "postgres",
  async create() {
    const name = `code_buddy_test_${randomBytes(6).toString("hex")}`;
    await adminQuery(`CREATE DATABASE ${name}`);
    const url = Object.assign(new URL(POSTGRES_URL), { pathname: `/${name}` }).toString();
    return migrated(url, () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  },
};

/** SQLite always; PostgreSQL when a server answers, otherwise skipped with the reason printed. */
export async function testDatabases(): Promise<TestDatabase[]> {
  try {
    await adminQuery("SELECT 1");
    return [sqlite, postgres];
  } catch (error) {
    const where = POSTGRES_URL.replace(/\/\/[^@]*@/, "//");
    if (process.env.TEST_DATABASE_URL) throw new Error(`TEST_DATABASE_URL is set but PostgreSQL at ${where} is not reachable: ${(error as Error).message}`);
    const reason = `PostgreSQL tests skipped: no server reachable at ${where} (${(error as Error).message}). Set TEST_DATABASE_URL to run them.`;
    console.warn(reason);
    return [sqlite];
  }
}

/** Makes every write to events fail, as a lost or broken database would. */
export async function breakEventsTable(db: Db): Promise<void> {
  await db.prisma.$executeRawUnsafe(db.provider === "postgres" ? "DROP TABLE events CASCADE" : "DROP TABLE events");
}
