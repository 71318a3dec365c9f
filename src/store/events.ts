import type { Normalized } from "../normalize/types.js";
import { encodePayload } from "./payload-codec.js";

export interface NewEvent {
  normalized: Normalized;
  raw: Buffer;
  receivedAt: Date;
}

export type StoreOutcome = { outcome: "stored"; id: number } | { outcome: "duplicate" };

/** The row of one delivery: indexed columns, the normalized event, the compressed raw payload. */
export function eventRow({ normalized: { event, searchText }, raw, receivedAt }: NewEvent) {
  const payload = encodePayload(raw);
  return {
    deliveryId: event.delivery_id,
    eventType: event.event_type,
    action: event.action,
    repository: event.repository?.full_name ?? null,
    owner: event.repository?.full_name.split("/", 1)[0] ?? event.organization?.login ?? null,
    private: event.repository?.private ?? false,
    actor: event.sender?.login ?? null,
    installationId: event.installation_id,
    subjectType: event.subject?.type ?? null,
    subjectNumber: event.subject?.number ?? null,
    summary: event.summary,
    occurredAt: new Date(event.timestamp),
    receivedAt,
    event: JSON.stringify(event),
    searchText,
    payload: new Uint8Array(payload.data),
    payloadCodec: payload.codec,
    payloadBytes: raw.byteLength,
  };
}
