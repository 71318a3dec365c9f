import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { openDb } from "../../src/store/db.js";
import { applyMigrations, migrationStatus, type MigrationStatus } from "../../src/store/migrate.js";
import { diffMigrationsToSchema } from "../../src/store/migration-diff.js";
import { sqlitePath, type Provider } from "../../src/store/provider.js";
import { migrationsFolder } from "../../src/store/migrations-folder.js";
import { updateSearchIndex } from "../../src/store/search-index.js";

/** The server the PostgreSQL tests create their databases on: TEST_DATABASE_URL, or the local one. */
const POSTGRES_URL = process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test";

interface FreshDatabase {
  url: string;
  drop(): Promise<void>;
}

interface Migrated {
  url: string;
  statusBefore: MigrationStatus;
  firstRun: string[];
}

function committedMigrations(provider: Provider): string[] {
  return readdirSync(migrationsFolder(provider), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

function checksums(provider: Provider): Record<string, string> {
  return Object.fromEntries(
    committedMigrations(provider).map((name) => [
      name,
      createHash("sha256")
        .update(readFileSync(join(migrationsFolder(provider), name, "migration.sql")))
        .digest("hex"),
    ]),
  );
}

/** A database that does not exist yet, in a folder that does not exist yet either. */
async function freshSqlite(): Promise<FreshDatabase> {
  const dir = mkdtempSync(join(tmpdir(), "code-buddy-migrate-"));
  return { url: `file:${join(dir, "nested", "events.db")}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
}

async function onPostgres<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function freshPostgres(): Promise<FreshDatabase> {
  const name = `code_buddy_migrate_${randomBytes(6).toString("hex")}`;
  await onPostgres(POSTGRES_URL, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = Object.assign(new URL(POSTGRES_URL), { pathname: `/${name}` }).toString();
  return { url, drop: () => onPostgres(POSTGRES_URL, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => {}) };
}

async function postgresSkipReason(): Promise<string | null> {
  try {
    await onPostgres(POSTGRES_URL, (client) => client.query("SELECT 1"));
    return null;
  } catch (error) {
    const where = POSTGRES_URL.replace(/\/\/[^@]*@/, "//");
    if (process.env.TEST_DATABASE_URL) throw new Error(`TEST_DATABASE_URL is set but PostgreSQL at ${where} is not reachable: ${(error as Error).message}`);
    return `no PostgreSQL server at ${where} (${(error as Error).message}); set TEST_DATABASE_URL to run these tests`;
  }
}

/** Migrates a fresh database once for the enclosing describe, remembering what the first run did. */
function migrateFresh(create: () => Promise<FreshDatabase>): Migrated {
  const migrated = {} as Migrated;
  let database: FreshDatabase;
  beforeAll(async () => {
    database = await create();
    migrated.url = database.url;
    migrated.statusBefore = await migrationStatus(database.url);
    migrated.firstRun = await applyMigrations(database.url);
  });
  afterAll(() => database?.drop());
  return migrated;
}

function migrationTests(provider: Provider, migrated: Migrated): void {
  test("applies every committed migration to a fresh database, then nothing", async () => {
    const committed = committedMigrations(provider);
    expect(committed.length).toBeGreaterThan(0);
    expect(migrated.statusBefore).toMatchObject({ provider, migrations: committed, pending: committed, upToDate: false });
    expect(migrated.firstRun).toEqual(committed);
    expect(await applyMigrations(migrated.url)).toEqual([]);
    expect(await migrationStatus(migrated.url)).toEqual({ provider, migrations: committed, pending: [], notInFolder: [], failed: [], edited: [], upToDate: true });
  });

  test("the committed migrations match the Prisma schema: nothing to create, full-text objects kept", async () => {
    expect(await diffMigrationsToSchema(provider, POSTGRES_URL)).toBeNull();
  });
}

const EVENT_COLUMNS = "delivery_id, event_type, summary, occurred_at, event, search_text, payload, payload_codec, payload_bytes";

/** Runs SQL text on a database opened without Prisma: several statements, or one query's rows. */
interface RawDatabase {
  script(sql: string): Promise<void>;
  rows<Row>(sql: string): Promise<Row[]>;
}

const ATTEMPT_LOG_MIGRATION = "20261201210235_attempt_number_and_trigger";

/**
 * The migration that numbers tries, on a database that has tries logged the old way: every
 * migration before it replayed from its SQL, rows written as the old code wrote them, then it.
 */
function attemptLogMigrationTest(provider: Provider, fresh: () => Promise<{ database: RawDatabase; close: () => Promise<void> }>): void {
  test("the attempt-log migration numbers the tries already logged and keeps a retried delivery's place in its schedule", async () => {
    const { database, close } = await fresh();
    try {
      const committed = committedMigrations(provider);
      expect(committed).toContain(ATTEMPT_LOG_MIGRATION);
      const script = (name: string) => readFileSync(join(migrationsFolder(provider), name, "migration.sql"), "utf8");
      for (const name of committed.filter((name) => name < ATTEMPT_LOG_MIGRATION)) await database.script(script(name));
      const time = provider === "sqlite" ? "0" : "now()";
      const bytes = provider === "sqlite" ? "x'00'" : "'\\x00'";
      await database.script(`
        INSERT INTO subscriptions (id, name, target, url, secret, rules, created_at) VALUES (7, 'hooks', 'webhook', 'http://127.0.0.1:1/', 'whsec_x', '{}', ${time});
        INSERT INTO events (id, ${EVENT_COLUMNS}) VALUES (1, 'old-1', 'issues', 's', ${time}, '{}', '', ${bytes}, 'identity', 1);
        INSERT INTO deliveries (id, subscription_id, event_id, order_key, status, attempts, next_attempt_at, created_at) VALUES
          (1, 7, 1, '7:a', 'delivered', 2, ${time}, ${time}),
          (2, 7, 1, '7:b', 'pending', 1, ${time}, ${time});
        INSERT INTO delivery_attempts (id, delivery_id, started_at, duration_ms) VALUES
          (1, 1, ${time}, 5), (2, 2, ${time}, 5), (3, 1, ${time}, 5), (4, 2, ${time}, 5), (5, 2, ${time}, 5), (6, 2, ${time}, 5);`);
      await database.script(script(ATTEMPT_LOG_MIGRATION));
      const attempts = await database.rows<{ id: number; subscription_id: number; delivery_id: number; number: number; trigger: string }>(
        'SELECT id, subscription_id, delivery_id, number, "trigger" FROM delivery_attempts ORDER BY id',
      );
      expect(attempts.map((row) => [row.id, row.subscription_id, row.delivery_id, row.number, row.trigger])).toEqual([
        [1, 7, 1, 1, "scheduled"],
        [2, 7, 2, 1, "scheduled"],
        [3, 7, 1, 2, "scheduled"],
        [4, 7, 2, 2, "scheduled"],
        [5, 7, 2, 3, "scheduled"],
        [6, 7, 2, 4, "scheduled"],
      ]);
      // Delivery 2 was retried by hand after three tries (its count reset to 0), then tried once more.
      const deliveries = await database.rows<{ id: number; attempts: number; manual_retry_after: number | null }>(
        "SELECT id, attempts, manual_retry_after FROM deliveries ORDER BY id",
      );
      expect(deliveries.map((row) => [row.id, row.attempts, row.manual_retry_after])).toEqual([
        [1, 2, null],
        [2, 4, 3],
      ]);
    } finally {
      await close();
    }
  });
}

describe("migrations on SQLite", () => {
  const migrated = migrateFresh(freshSqlite);
  migrationTests("sqlite", migrated);
  attemptLogMigrationTest("sqlite", async () => {
    const dir = mkdtempSync(join(tmpdir(), "code-buddy-attempt-log-"));
    const db = new Database(join(dir, "old.db"));
    return {
      database: { script: async (sql) => void db.exec(sql), rows: async <Row>(sql: string) => db.prepare(sql).all() as Row[] },
      close: async () => {
        db.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  });

  function open(): Database.Database {
    return new Database(sqlitePath(migrated.url));
  }

  test("creates the events table, its FTS5 index and Prisma's history table, with Prisma's checksums", () => {
    const db = open();
    try {
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
      expect(tables).toEqual(expect.arrayContaining(["events", "events_fts", "_prisma_migrations"]));
      const history = db.prepare("SELECT migration_name, checksum FROM _prisma_migrations WHERE finished_at IS NOT NULL").all() as { migration_name: string; checksum: string }[];
      expect(Object.fromEntries(history.map((row) => [row.migration_name, row.checksum]))).toEqual(checksums("sqlite"));
    } finally {
      db.close();
    }
  });

  test("a new file gets 8 KB pages in WAL mode; an existing file keeps its page size and migrates", async () => {
    const db = open();
    try {
      expect([db.pragma("page_size", { simple: true }), db.pragma("journal_mode", { simple: true })]).toEqual([8192, "wal"]);
    } finally {
      db.close();
    }
    const dir = mkdtempSync(join(tmpdir(), "code-buddy-old-file-"));
    try {
      const path = join(dir, "old.db");
      const old = new Database(path);
      old.pragma("page_size = 4096");
      old.pragma("journal_mode = WAL");
      old.close();
      expect((await applyMigrations(`file:${path}`)).length).toBe(committedMigrations("sqlite").length);
      const reopened = new Database(path);
      try {
        expect(reopened.pragma("page_size", { simple: true })).toBe(4096);
        expect(reopened.prepare("SELECT count(*) FROM events").pluck().get()).toBe(0);
      } finally {
        reopened.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("indexes new events in batches, and keeps the index in step with updates and deletes", async () => {
    const db = open();
    const store = await openDb(migrated.url);
    try {
      const search = (query: string) => db.prepare("SELECT rowid FROM events_fts WHERE events_fts MATCH ?").pluck().all(query).map(Number);
      const insert = db.prepare(`INSERT INTO events (${EVENT_COLUMNS}) VALUES (?, 'issues', 's', 0, '{}', ?, x'00', 'identity', 1)`);
      const id = Number(insert.run("fts-sqlite", "Octocat fixed the Café crash").lastInsertRowid);
      const neverIndexed = Number(insert.run("fts-sqlite-2", "Octocat again").lastInsertRowid);
      expect(search("octocat")).toEqual([]);
      db.prepare("DELETE FROM events WHERE id = ?").run(neverIndexed);

      await updateSearchIndex(store);
      expect(search("octocat")).toEqual([id]);
      expect(search("cafe")).toEqual([id]);
      await updateSearchIndex(store);
      expect(search("octocat")).toEqual([id]);

      db.prepare("UPDATE events SET search_text = 'renamed entirely' WHERE id = ?").run(id);
      expect(search("octocat")).toEqual([]);
      expect(search("renamed")).toEqual([id]);

      db.prepare("DELETE FROM events WHERE id = ?").run(id);
      expect(search("renamed")).toEqual([]);
      expect(() => db.prepare("INSERT INTO events_fts (events_fts) VALUES ('integrity-check')").run()).not.toThrow();
    } finally {
      await store.close();
      db.close();
    }
  });
});

const postgresSkipped = await postgresSkipReason();
if (postgresSkipped) console.warn(`PostgreSQL migration tests skipped: ${postgresSkipped}`);

(postgresSkipped ? describe.skip : describe)("migrations on PostgreSQL", () => {
  const migrated = migrateFresh(freshPostgres);
  migrationTests("postgres", migrated);
  attemptLogMigrationTest("postgres", async () => {
    const fresh = await freshPostgres();
    const client = new pg.Client({ connectionString: fresh.url });
    await client.connect();
    return {
      database: { script: async (sql) => void (await client.query(sql)), rows: async <Row>(sql: string) => (await client.query(sql)).rows as Row[] },
      close: async () => {
        await client.end();
        await fresh.drop();
      },
    };
  });

  test("creates the events table, its GIN full-text index and Prisma's history table, with Prisma's checksums", () =>
    onPostgres(migrated.url, async (client) => {
      const tables = await client.query<{ name: string }>("SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'");
      expect(tables.rows.map((row) => row.name)).toEqual(expect.arrayContaining(["events", "_prisma_migrations"]));
      const index = await client.query<{ indexdef: string }>("SELECT indexdef FROM pg_indexes WHERE indexname = 'events_search_idx'");
      expect(index.rows[0]?.indexdef).toMatch(/USING gin \(to_tsvector\('simple'::regconfig, search_text\)\)/);
      const history = await client.query<{ migration_name: string; checksum: string }>("SELECT migration_name, checksum FROM _prisma_migrations WHERE finished_at IS NOT NULL");
      expect(Object.fromEntries(history.rows.map((row) => [row.migration_name, row.checksum]))).toEqual(checksums("postgres"));
    }));

  test("finds an event by full-text search through the GIN index, and no longer once deleted", () =>
    onPostgres(migrated.url, async (client) => {
      const match = "SELECT id FROM events WHERE to_tsvector('simple', search_text) @@ plainto_tsquery('simple', $1)";
      const search = async (words: string) => (await client.query<{ id: number }>(match, [words])).rows.map((row) => row.id);
      const inserted = await client.query<{ id: number }>(
        `INSERT INTO events (${EVENT_COLUMNS}) VALUES ('fts-pg', 'issues', 's', now(), '{}', $1, '\\x00', 'identity', 1) RETURNING id`,
        ["Octocat fixed the crash"],
      );
      const id = inserted.rows[0]!.id;
      expect(await search("octocat crash")).toEqual([id]);

      await client.query("SET enable_seqscan = off");
      const plan = await client.query<{ "QUERY PLAN": string }>(`EXPLAIN ${match.replace("$1", "'octocat'")}`);
      expect(plan.rows.map((row) => row["QUERY PLAN"]).join("\n")).toContain("events_search_idx");

      await client.query("DELETE FROM events WHERE id = $1", [id]);
      expect(await search("octocat")).toEqual([]);
    }));
});
