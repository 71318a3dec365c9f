import Database from "better-sqlite3";
import { existsSync, mkdirSync, statSync } from "node:fs";
import { dirname } from "node:path";

/**
 * An event row is about 2 KB: 4 KB pages held one or two and left a quarter
 * of the events table empty (dbstat on bench:ingest's data: 3.18 KB per
 * event all in; 2.65 KB with 8 KB pages).
 */
const PAGE_SIZE = 8192;

/**
 * Creates the SQLite file, and its folder, with Code Buddy's page size, in WAL
 * mode, unless it exists: a page size is fixed when the first table is
 * written (and a WAL database cannot VACUUM into another), so whoever opens a
 * new file first, the schema engine or the app, must find it set.
 */
export function createSqliteFile(path: string): void {
  mkdirSync(dirname(path), { recursive: true });
  if (existsSync(path) && statSync(path).size > 0) return;
  const db = new Database(path);
  try {
    db.pragma(`page_size = ${PAGE_SIZE}`);
    db.pragma("journal_mode = WAL");
  } finally {
    db.close();
  }
}
