import type { Scope } from "../auth/scope.js";
import { sql, type SqlRunner } from "../store/sql.js";

/** The last event id this consumer of this token has marked read, or null before its first mark. */
export async function readCursor(db: SqlRunner, scope: Scope, consumer: string): Promise<number | null> {
  const [row] = await db.rows<{ last_event_id: number | bigint }>(sql`SELECT last_event_id FROM read_cursors WHERE token_name = ${scope.name} AND consumer = ${consumer}`);
  return row ? Number(row.last_event_id) : null;
}
