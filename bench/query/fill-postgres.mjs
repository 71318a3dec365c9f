import pg from "pg";
import { EVENT_COLUMNS } from "../../dist/store/event-columns.js";
import { syntheticRows } from "./synthetic.mjs";

const ROWS_PER_INSERT = 1000;

/** Times as UTC text, which a timestamp(3) column takes as it is whatever the session's time zone; bytes as a Buffer, which pg sends as bytea. */
function pgValue(value) {
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  return value;
}

/**
 * Inserts `count` synthetic events with multi-row INSERTs. The secondary
 * indexes (the GIN full-text one above all) are dropped for the fill and
 * created again from their own definitions afterwards, then the table is
 * vacuumed and analyzed, as autovacuum would have done on a live database.
 */
export async function fillPostgres(url, count, end, onProgress) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows: indexes } = await client.query("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'events' AND indexname <> 'events_pkey' ORDER BY indexname");
    for (const { indexname } of indexes) await client.query(`DROP INDEX "${indexname}"`);
    const columns = EVENT_COLUMNS.map(([, column]) => column).join(", ");
    let done = 0;
    for (const rows of syntheticRows(count, end, ROWS_PER_INSERT)) {
      const values = rows.flatMap((row) => EVENT_COLUMNS.map(([field]) => pgValue(row[field])));
      const placeholders = rows.map((_, r) => `(${EVENT_COLUMNS.map((_, c) => `$${r * EVENT_COLUMNS.length + c + 1}`).join(", ")})`);
      await client.query(`INSERT INTO events (${columns}) VALUES ${placeholders.join(", ")}`, values);
      onProgress((done += rows.length));
    }
    await client.query("SET maintenance_work_mem = '512MB'");
    for (const { indexdef } of indexes) await client.query(indexdef);
    await client.query("VACUUM ANALYZE events");
  } finally {
    await client.end();
  }
}
