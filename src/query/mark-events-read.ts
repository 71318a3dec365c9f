import type { Scope } from "../auth/scope.js";
import type { Db } from "../store/db.js";
import { sql } from "../store/sql.js";
import { QueryError } from "./errors.js";
import { readCursor } from "./read-cursor.js";
import { toNumber } from "./rows.js";
import { parseConsumer } from "./validate.js";

/**
 * Moves this consumer's read cursor to `upToId` (the `cursor` unreadEvents
 * returned). It never moves back: marking an older id keeps the newer
 * position, so two workers of one consumer cannot undo each other. Returns
 * where the cursor stands.
 */
export async function markEventsRead(db: Db, scope: Scope, consumer: string, upToId: number, { now = new Date() }: { now?: Date } = {}): Promise<{ cursor: number }> {
  const name = parseConsumer(consumer);
  if (!Number.isSafeInteger(upToId) || upToId < 0) throw new QueryError(`up_to_id must be the cursor returned with unread events (a whole number); got ${upToId}.`);
  const [last] = await db.rows<{ id: number | bigint | null }>(sql`SELECT MAX(id) AS id FROM events`);
  const newest = toNumber(last?.id ?? 0);
  if (upToId > newest) throw new QueryError(`up_to_id ${upToId} is beyond the newest event (${newest}); pass the cursor returned with unread events.`);
  const greatest = db.provider === "sqlite" ? sql`MAX` : sql`GREATEST`;
  await db.execute(
    sql`INSERT INTO read_cursors (token_name, consumer, last_event_id, updated_at) VALUES (${scope.name}, ${name}, ${upToId}, ${now})
      ON CONFLICT (token_name, consumer) DO UPDATE SET last_event_id = ${greatest}(read_cursors.last_event_id, excluded.last_event_id), updated_at = excluded.updated_at`,
  );
  return { cursor: (await readCursor(db, scope, name))! };
}
