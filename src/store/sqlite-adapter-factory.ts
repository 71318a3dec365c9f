import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { sqlitePath } from "./provider.js";
import { createSqliteFile } from "./sqlite-file.js";

/** Waits this long for a lock held by a running server instead of failing with SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5000;

/** The schema engine's connection factory for a `file:` URL; the shadow database (used by diffs only) lives in memory. */
export function sqliteAdapterFactory(databaseUrl: string): SqlMigrationAwareDriverAdapterFactory {
  const path = sqlitePath(databaseUrl);
  if (path !== ":memory:") createSqliteFile(path);
  const factory = new PrismaBetterSqlite3({ url: path, timeout: BUSY_TIMEOUT_MS });
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: () => factory.connect(),
    connectToShadowDb: async () => {
      const shadow = await new PrismaBetterSqlite3({ url: ":memory:" }).connect();
      const executeRaw = shadow.executeRaw.bind(shadow);
      // The engine replays each migration into the shadow database as one executeRaw call, but
      // better-sqlite3's prepare() accepts a single statement; parameterless scripts go through exec().
      shadow.executeRaw = (query) => (query.args.length > 0 ? executeRaw(query) : shadow.executeScript(query.sql).then(() => 0));
      return shadow;
    },
  };
}
