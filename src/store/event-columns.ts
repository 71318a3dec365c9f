import type { eventRow } from "./events.js";

export type EventRowValues = ReturnType<typeof eventRow>;

/** The events columns the hot-path inserts write, with their names in SQL. */
export const EVENT_COLUMNS: [keyof EventRowValues, string][] = [
  ["deliveryId", "delivery_id"],
  ["eventType", "event_type"],
  ["action", "action"],
  ["repository", "repository"],
  ["owner", "owner"],
  ["private", "private"],
  ["actor", "actor"],
  ["installationId", "installation_id"],
  ["subjectType", "subject_type"],
  ["subjectNumber", "subject_number"],
  ["threadNumber", "thread_number"],
  ["summary", "summary"],
  ["occurredAt", "occurred_at"],
  ["receivedAt", "received_at"],
  ["event", "event"],
  ["searchText", "search_text"],
  ["payload", "payload"],
  ["payloadCodec", "payload_codec"],
  ["payloadBytes", "payload_bytes"],
];
