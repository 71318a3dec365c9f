import { adapterFactoryFor, schemaFilter } from "./migrate.js";
import { readMigrationsList, readSchemaFiles } from "./migrations-folder.js";
import type { Provider } from "./provider.js";
import { withSchemaEngine } from "./schema-engine.js";

/** The engine's exit code when the two sides of a diff differ. */
const DIFF_HAS_CHANGES = 2;

/**
 * The SQL that takes a database built from the committed migrations to the current Prisma schema,
 * or null when they already match: what `prisma migrate dev --create-only` would write.
 * The migrations are replayed into a shadow database: in memory for SQLite, a temporary database
 * on the server of `postgresUrl` for PostgreSQL.
 */
export async function diffMigrationsToSchema(provider: Provider, postgresUrl?: string): Promise<string | null> {
  const databaseUrl = provider === "sqlite" ? "file::memory:" : postgresUrl;
  if (!databaseUrl) throw new Error("A PostgreSQL URL is needed to create the shadow database");
  const files = await readSchemaFiles(provider);
  const migrationsList = await readMigrationsList(provider);
  return withSchemaEngine(files, adapterFactoryFor(databaseUrl), async (engine) => {
    const result = await engine.diff({
      // Without any migration there is no migration_lock.toml yet, from which the engine reads the connector.
      from: migrationsList.migrationDirectories.length > 0 ? { tag: "migrations", ...migrationsList } : { tag: "empty" },
      to: { tag: "schemaDatamodel", files },
      script: true,
      exitCode: true,
      filters: schemaFilter(provider),
    });
    return result.exitCode === DIFF_HAS_CHANGES ? (result.stdout ?? "") : null;
  });
}
