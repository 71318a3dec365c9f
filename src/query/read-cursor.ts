import type { Scope } from "../auth/scope.js";
import type { Sql } from "./sql.js";

/** The last event id this consumer of this token has marked read, or null before its first mark. */
export async function readCursor(sql: Sql, scope: Scope, consumer: string): Promise<number | null> {
  const [row] = await sql.rows<{ last_event_id: number | bigint }>(
    `SELECT last_event_id FROM read_cursors WHERE token_name = ${sql.value(scope.name)} AND consumer = ${sql.value(consumer)}`,
  );
  return row ? Number(row.last_event_id) : null;
}
