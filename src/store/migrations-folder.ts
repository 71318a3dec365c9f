import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { MigrationList, SchemaContainer } from "@prisma/schema-engine-wasm/schema_engine_bg";
import type { Provider } from "./provider.js";

export const MIGRATION_LOCK_FILE = "migration_lock.toml";
export const MIGRATION_SCRIPT_FILE = "migration.sql";

let root: string | undefined;

/** The directory holding package.json: this module runs from src/store (jest) and from dist/store (built). */
export function packageRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json"))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`No package.json above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
  return (root = dir);
}

/** prisma/sqlite or prisma/postgres: the schema files (generator, datasource, symlinked models) and the migrations. */
export function providerFolder(provider: Provider): string {
  return join(packageRoot(), "prisma", provider);
}

export function migrationsFolder(provider: Provider): string {
  return join(providerFolder(provider), "migrations");
}

export async function readSchemaFiles(provider: Provider): Promise<SchemaContainer[]> {
  const folder = providerFolder(provider);
  const names = (await readdir(folder)).filter((name) => name.endsWith(".prisma")).sort();
  return Promise.all(names.map(async (name) => ({ path: name, content: await readFile(join(folder, name), "utf8") })));
}

/** The migrations folder the way the Prisma CLI hands it to the engine (same ordering, same error reporting). */
export async function readMigrationsList(provider: Provider): Promise<MigrationList> {
  const baseDir = migrationsFolder(provider);
  const lockContent = await readFile(join(baseDir, MIGRATION_LOCK_FILE), "utf8").catch(() => null);
  const entries = await readdir(baseDir, { withFileTypes: true }).catch(() => []);
  const directories = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort((a, b) => a.localeCompare(b));
  const migrationDirectories = await Promise.all(
    directories.map(async (name) => ({
      path: name,
      migrationFile: {
        path: MIGRATION_SCRIPT_FILE,
        content: await readFile(join(baseDir, name, MIGRATION_SCRIPT_FILE), "utf8").then(
          (value) => ({ tag: "ok" as const, value }),
          (error: Error) => ({ tag: "error" as const, value: error.message }),
        ),
      },
    })),
  );
  return { baseDir, lockfile: { path: MIGRATION_LOCK_FILE, content: lockContent }, shadowDbInitScript: "", migrationDirectories };
}
