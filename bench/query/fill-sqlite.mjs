import Database from "better-sqlite3";
import { EVENT_COLUMNS } from "../../dist/store/event-columns.js";
import { sqliteValue } from "../../dist/store/sql.js";
import { syntheticRows } from "./synthetic.mjs";

const BATCH = 10_000;

/** Inserts `count` synthetic events straight through better-sqlite3, in big transactions, with the values the app writes. */
export function fillSqlite(path, count, end, onProgress) {
  const db = new Database(path);
  try {
    db.pragma("journal_mode = WAL");
    // Only the fill skips fsync: a crash would just mean filling again.
    db.pragma("synchronous = OFF");
    const insert = db.prepare(`INSERT INTO events (${EVENT_COLUMNS.map(([, column]) => column).join(", ")}) VALUES (${EVENT_COLUMNS.map(() => "?").join(", ")})`);
    const insertBatch = db.transaction((rows) => {
      for (const row of rows) insert.run(EVENT_COLUMNS.map(([field]) => sqliteValue(row[field])));
    });
    let done = 0;
    for (const rows of syntheticRows(count, end, BATCH)) {
      insertBatch(rows);
      onProgress((done += rows.length));
    }
    db.pragma("wal_checkpoint(TRUNCATE)");
  } finally {
    db.close();
  }
}

export function countSqliteEvents(path) {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare("SELECT count(*) AS n FROM events").get().n;
  } finally {
    db.close();
  }
}
