import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import type { SchemaEngine, SchemaFilter } from "@prisma/schema-engine-wasm/schema_engine_bg";
import { readMigrationsList, readSchemaFiles } from "./migrations-folder.js";
import { pgAdapterFactory } from "./pg-adapter-factory.js";
import { providerOf, type Provider } from "./provider.js";
import { withSchemaEngine } from "./schema-engine.js";
import { sqliteAdapterFactory } from "./sqlite-adapter-factory.js";

/**
 * Tables created by the hand-written full-text SQL in the migrations, which the engine would otherwise
 * diff as unknown tables to drop: SQLite's FTS5 table, the shadow tables FTS5 creates for it, and the
 * watermark of the batch indexer (src/store/search-index.ts).
 * Nothing for PostgreSQL: the engine ignores expression indexes such as events_search_idx.
 */
const EXTERNAL_TABLES: Record<Provider, string[]> = {
  sqlite: ["events_fts", "events_fts_config", "events_fts_data", "events_fts_docsize", "events_fts_idx", "search_index_state"],
  postgres: [],
};

export function schemaFilter(provider: Provider): SchemaFilter {
  return { externalTables: EXTERNAL_TABLES[provider], externalEnums: [] };
}

export interface MigrationStatus {
  provider: Provider;
  /** Folder names under prisma/<provider>/migrations, oldest first. */
  migrations: string[];
  /** In the folder, not yet applied to the database. */
  pending: string[];
  /** Recorded in the database's _prisma_migrations but missing from the folder. */
  notInFolder: string[];
  /** Started but never finished: the database needs fixing by hand. */
  failed: string[];
  /** Applied, but the migration.sql changed since (checksum mismatch). */
  edited: string[];
  upToDate: boolean;
}

/** A migration that cannot run for a reason the operator can fix; the message says how. */
export class MigrationError extends Error {
  override name = "MigrationError";
}

export function adapterFactoryFor(databaseUrl: string): SqlMigrationAwareDriverAdapterFactory {
  if (providerOf(databaseUrl) === "postgres") return pgAdapterFactory(databaseUrl);
  if (!databaseUrl.startsWith("file:")) throw new Error("Unsupported database URL: expected file:<path> (SQLite) or postgres(ql)://… (PostgreSQL)");
  return sqliteAdapterFactory(databaseUrl);
}

async function withDatabaseEngine<T>(databaseUrl: string, work: (engine: SchemaEngine, provider: Provider) => Promise<T>): Promise<T> {
  const provider = providerOf(databaseUrl);
  const schemaFiles = await readSchemaFiles(provider);
  return withSchemaEngine(schemaFiles, adapterFactoryFor(databaseUrl), (engine) => work(engine, provider));
}

/** `prisma migrate deploy`: applies the committed migrations not yet in _prisma_migrations and returns their names. */
export async function applyMigrations(databaseUrl: string, log: (msg: string) => void = () => {}): Promise<string[]> {
  return withDatabaseEngine(databaseUrl, async (engine, provider) => {
    const migrationsList = await readMigrationsList(provider);
    log(`${migrationsList.migrationDirectories.length} migration(s) found in ${migrationsList.baseDir}`);
    const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList, filters: schemaFilter(provider) }).catch((error: unknown) => {
      // The engine cannot take its lock on a SQLite file another process has open, and says only "SocketTimeout".
      if (provider === "sqlite" && String(error).includes("SocketTimeout"))
        throw new MigrationError(
          `Cannot migrate ${databaseUrl}: another process (a running Code Buddy?) has it open. Stop it and try again; Code Buddy also migrates on every start.`,
          { cause: error },
        );
      throw error;
    });
    log(appliedMigrationNames.length > 0 ? `applied: ${appliedMigrationNames.join(", ")}` : "no pending migrations");
    return appliedMigrationNames;
  });
}

function isMissingMigrationsTable(error: unknown): boolean {
  const { code, message } = error as { code?: unknown; message?: unknown };
  return code === "P1014" && typeof message === "string" && message.includes("_prisma_migrations");
}

/** `prisma migrate status`, without the shadow database. */
export async function migrationStatus(databaseUrl: string): Promise<MigrationStatus> {
  return withDatabaseEngine(databaseUrl, async (engine, provider) => {
    const migrationsList = await readMigrationsList(provider);
    const migrations = migrationsList.migrationDirectories.map((directory) => directory.path);
    const diagnostic = await engine.diagnoseMigrationHistory({ migrationsList, optInToShadowDatabase: false, filters: schemaFilter(provider) }).catch((error: unknown) => {
      // The output has hasMigrationsTable for a database without _prisma_migrations, but the wasm engine throws P1014 instead.
      if (isMissingMigrationsTable(error)) return null;
      throw error;
    });
    if (!diagnostic) return { provider, migrations, pending: migrations, notInFolder: [], failed: [], edited: [], upToDate: migrations.length === 0 };
    const history = diagnostic.history;
    const pending = history && history.diagnostic !== "migrationsDirectoryIsBehind" ? history.unappliedMigrationNames : [];
    const notInFolder = history && history.diagnostic !== "databaseIsBehind" ? history.unpersistedMigrationNames : [];
    return {
      provider,
      migrations,
      pending,
      notInFolder,
      failed: diagnostic.failedMigrationNames,
      edited: diagnostic.editedMigrationNames,
      upToDate: history === null && diagnostic.failedMigrationNames.length === 0 && diagnostic.editedMigrationNames.length === 0,
    };
  });
}
