import Database from "better-sqlite3";
import { existsSync, statSync } from "node:fs";

function sizeOf(path) {
  return existsSync(path) ? statSync(path).size : 0;
}

/** Rows in `events` and the bytes the database takes on disk once its WAL is folded in. */
export function inspectDb(path) {
  const writer = new Database(path);
  writer.pragma("wal_checkpoint(TRUNCATE)");
  writer.close();
  const bytes = sizeOf(path) + sizeOf(`${path}-wal`);
  const reader = new Database(path, { readonly: true });
  const rows = reader.prepare("SELECT count(*) AS n FROM events").get().n;
  reader.close();
  return { rows, bytes };
}
