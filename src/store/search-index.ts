import type { Logger } from "pino";
import { runPeriodically, type Periodic } from "../periodic.js";
import type { Db } from "./db.js";

/** How often new events are added to SQLite's full-text index. */
const INDEX_INTERVAL_MS = 1000;

/**
 * Adds every event stored since the last call to SQLite's full-text index and
 * to the event_counts rollup, in one statement (the search_index_advance and
 * event_counts_advance triggers do the inserting). Indexing
 * in batches rather than per insert keeps FTS5's per-transaction segment
 * writes off the webhook path: they were half of the database's cost per
 * event. Searches call this first, so they never miss a stored event. On
 * PostgreSQL the GIN index and the counts' triggers follow every insert, and
 * this does nothing.
 */
export async function updateSearchIndex({ provider, prisma }: Db): Promise<void> {
  if (provider !== "sqlite") return;
  await prisma.$executeRawUnsafe("UPDATE search_index_state SET indexed_through = (SELECT MAX(id) FROM events) WHERE indexed_through < (SELECT MAX(id) FROM events)");
}

export function scheduleSearchIndexing(db: Db, log: Logger): Periodic {
  return runPeriodically(
    INDEX_INTERVAL_MS,
    () => updateSearchIndex(db),
    (error) => log.warn({ err: error }, "updating the full-text index failed; will try again"),
  );
}
