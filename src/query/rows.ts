import type { NormalizedEvent } from "../normalize/types.js";
import type { EventRecord } from "./types.js";

/**
 * Raw queries return integers as number or bigint (counts, aggregates on
 * SQLite) and times as Date, or as integer milliseconds when SQLite computed
 * them (MAX(occurred_at)): these read any of them.
 */
export function toNumber(value: number | bigint | string): number {
  return Number(value);
}

export function toDate(value: Date | number | bigint | string): Date {
  return value instanceof Date ? value : new Date(typeof value === "string" && !/^\d+$/.test(value) ? value : Number(value));
}

export function toIsoString(value: Date | number | bigint | string | null): string | null {
  return value === null ? null : toDate(value).toISOString();
}

export interface EventRow {
  id: number | bigint;
  event: string;
}

export function toRecord(row: EventRow): EventRecord {
  return { id: toNumber(row.id), event: JSON.parse(row.event) as NormalizedEvent };
}
