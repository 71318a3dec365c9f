import { sql, type Fragment } from "../store/sql.js";
import { QueryError } from "./errors.js";

/** Where a page of a newest-first list ended: the last row's event time and id. */
export interface PagePosition {
  occurredAt: Date;
  id: number;
}

const FORMAT = /^(\d{1,15}):(\d{1,15})$/;

export function encodeCursor({ occurredAt, id }: PagePosition): string {
  return Buffer.from(`${occurredAt.getTime()}:${id}`).toString("base64url");
}

export function decodeCursor(cursor: string): PagePosition {
  const match = FORMAT.exec(Buffer.from(cursor, "base64url").toString());
  if (!match || Buffer.from(match[0]).toString("base64url") !== cursor) {
    throw new QueryError("cursor is not one this server issued; omit it to start from the newest events.");
  }
  return { occurredAt: new Date(Number(match[1])), id: Number(match[2]) };
}

/**
 * The rows after a position in (occurred_at DESC, id DESC) order. The first
 * term alone bounds the index range; the second breaks ties within one
 * millisecond.
 */
export function afterPosition({ occurredAt, id }: PagePosition): Fragment {
  return sql`occurred_at <= ${occurredAt} AND (occurred_at < ${occurredAt} OR id < ${id})`;
}
