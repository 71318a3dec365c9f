import type { NormalizedEvent } from "../../normalize/types.js";
import { COMPACT_COLUMNS, compactEvent, eventRowsText, type CompactEvent } from "../compact-event.js";

export type Detail = "compact" | "full";

/** A normalized event as the output schema types it: an object whose other keys get_event_by_id's schema describes. */
export type FullEvent = NormalizedEvent & Record<string, unknown>;

/** The events of a list at the detail asked for. */
export function listed(events: NormalizedEvent[], detail: Detail): (CompactEvent | FullEvent)[] {
  return detail === "full" ? events : events.map(compactEvent);
}

/** The text part of a list tool's result: rows under one header when compact, the JSON itself when full. */
export function listText(output: { events: object[] }, { detail }: { detail: Detail }, columns: readonly string[] = COMPACT_COLUMNS): string {
  return detail === "full" ? JSON.stringify(output) : eventRowsText(output, columns);
}
