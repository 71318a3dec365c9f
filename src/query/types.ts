import type { NormalizedEvent } from "../normalize/types.js";

/** Filters shared by the event lists (recent, search, unread). All optional; combined with AND. */
export interface EventFilter {
  /** GitHub event name, e.g. "pull_request". */
  eventType?: string;
  /** The payload's action, e.g. "opened". */
  action?: string;
  /** "owner/name"; matched case-insensitively. */
  repository?: string;
  /** Sender login; matched case-insensitively. */
  actor?: string;
  /** Inclusive lower bound on the event time. */
  since?: Date;
  /** Exclusive upper bound on the event time. */
  until?: Date;
}

/** An event as agents read it, with its position in the stream. */
export interface EventRecord {
  /** Row id: increases with storage order; what read cursors and `after_id` refer to. */
  id: number;
  event: NormalizedEvent;
}

export interface EventPage {
  events: EventRecord[];
  /** Opaque; pass back as `cursor` for the next (older) page. Null when there is none. */
  nextCursor: string | null;
}

export interface PageRequest {
  limit: number;
  cursor?: string;
}
