import type { Scope } from "../auth/scope.js";
import type { Db } from "../store/db.js";
import { list, sql } from "../store/sql.js";
import { updateSearchIndex } from "../store/search-index.js";
import { decodeCursor } from "./cursor.js";
import { chooseDriver } from "./driver.js";
import { toPage, type PagedEventRow } from "./recent-events.js";
import { postgresSearchIds } from "./search-postgres.js";
import { sqliteSearchIds } from "./search-sqlite.js";
import { parseSearchTerms } from "./search-terms.js";
import type { EventFilter, EventPage, PageRequest } from "./types.js";
import { clampLimit } from "./validate.js";

/**
 * The caller's events whose titles, bodies, comments, commit messages or
 * summary contain every word of `query`, newest first. Newest means stored
 * last (highest id), the order both full-text indexes can read in and stop
 * early; events are stored as they arrive and their time is their arrival,
 * so this is the time order but for events stored within moments of each
 * other. The cursor is recentEvents' kind, of which search reads the id.
 */
export async function searchEvents(db: Db, scope: Scope, query: string, filter: EventFilter, page: PageRequest): Promise<EventPage> {
  const limit = clampLimit(page.limit);
  const terms = parseSearchTerms(query);
  const before = page.cursor === undefined ? null : decodeCursor(page.cursor).id;
  await updateSearchIndex(db);
  const search = db.provider === "sqlite" ? sqliteSearchIds : postgresSearchIds;
  const ids = await search(db, scope, terms, filter, await chooseDriver(db, scope, filter), before, limit + 1);
  if (ids.length === 0) return { events: [], nextCursor: null };
  const rows = await db.rows<PagedEventRow>(sql`SELECT id, occurred_at, event FROM events WHERE id IN ${list(ids)} ORDER BY id DESC`);
  return toPage(rows, limit);
}
