/**
 * The events indexes that newest-first lists scan, as prisma/models.prisma
 * declares them (@@index([leading, occurredAt, …carried])), by their leading
 * column: an equality on it drives the scan in time order, and a condition on
 * a carried column is checked in the index, without reading the row. The
 * schema is where the layout is stated; test/store/event-indexes.test.ts
 * checks this reading of it, so a change to one is a failing test until the
 * other follows.
 */
export const LIST_INDEXES = {
  actor: ["repository", "private"],
  repository: ["event_type", "private"],
  owner: ["event_type", "private"],
  event_type: ["private"],
} as const satisfies Record<string, readonly string[]>;

/** The events columns whose index can drive a scan for an equality. */
export type IndexedColumn = keyof typeof LIST_INDEXES;

/** Whether the list index led by `leading` holds `column`, so that a condition on it costs no row read. */
export function indexHolds(leading: IndexedColumn, column: string): boolean {
  return column === leading || (LIST_INDEXES[leading] as readonly string[]).includes(column);
}
