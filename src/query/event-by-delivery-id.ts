import { scopeCondition, type Scope } from "../auth/scope.js";
import type { Db } from "../store/db.js";
import { sql } from "../store/sql.js";
import { decodePayload } from "../store/payload-codec.js";
import { QueryError } from "./errors.js";
import { scopeWithoutIndex } from "./index-hint.js";
import { toRecord, type EventRow } from "./rows.js";
import type { EventRecord } from "./types.js";

export interface EventWithPayload extends EventRecord {
  /** The webhook payload exactly as GitHub sent it; only when asked for. */
  payload?: unknown;
}

interface Row extends EventRow {
  payload?: Uint8Array;
  payload_codec?: string;
}

/** One event by its X-GitHub-Delivery id; null when there is none the caller may see (never saying which). */
export async function eventByDeliveryId(db: Db, scope: Scope, deliveryId: string, { includePayload = false } = {}): Promise<EventWithPayload | null> {
  const id = deliveryId.trim();
  if (id === "" || id.length > 200)
    throw new QueryError(`delivery_id must be the X-GitHub-Delivery id of an event, like "72d3162e-cc78-11e3-81ab-4c9367dc0958"; got ${JSON.stringify(deliveryId)}.`);
  const columns = includePayload ? sql`id, event, payload, payload_codec` : sql`id, event`;
  const [row] = await db.rows<Row>(sql`SELECT ${columns} FROM events WHERE delivery_id = ${id} AND ${scopeCondition(scope, scopeWithoutIndex(db.provider))}`);
  if (!row) return null;
  const record: EventWithPayload = toRecord(row);
  if (row.payload && row.payload_codec) record.payload = JSON.parse(decodePayload(row.payload_codec, row.payload).toString("utf8"));
  return record;
}
