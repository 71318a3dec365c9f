import { scopeColumnsOf } from "../auth/scope.js";
import type { Normalized, NormalizedEvent } from "../normalize/types.js";
import { encodePayload, type EncodedPayload } from "./payload-codec.js";

/** One outbox row to write with an event: which subscription, in which ordered queue (src/delivery). */
export interface OutboxEntry {
  subscriptionId: number;
  orderKey: string;
}

/** Which subscriptions an event goes to: src/delivery answers it, ingest asks it before storing the event. */
export type OutboxRoute = (event: NormalizedEvent) => OutboxEntry[];

/** A delivery to store: the normalized event, the raw payload, and the outbox rows written in the same transaction. */
export interface NewEvent {
  normalized: Normalized;
  raw: Buffer;
  receivedAt: Date;
  outbox: readonly OutboxEntry[];
}

export type StoreOutcome = { outcome: "stored"; id: number } | { outcome: "duplicate" };

const THREAD_SUBJECTS = new Set(["issue", "pull_request", "discussion"]);

/** The issue, pull request or discussion an event belongs to; CI and deployment events name the pull requests they ran for. */
export function threadNumberOf(event: NormalizedEvent): number | null {
  if (event.subject && THREAD_SUBJECTS.has(event.subject.type)) return event.subject.number;
  const linked = event.details.pull_requests;
  return Array.isArray(linked) && typeof linked[0] === "number" ? linked[0] : null;
}

/**
 * The row of one delivery: indexed columns, the normalized event, the
 * compressed raw payload. Repository, owner and actor columns are lowercased,
 * as GitHub's names are case-insensitive; the event keeps their spelling. The
 * repository, owner and private columns are what scopes read (src/auth/scope.ts).
 */
export function eventRow({ normalized, raw, receivedAt }: Omit<NewEvent, "outbox">) {
  return encodedEventRow(normalized, encodePayload(raw), receivedAt);
}

/** eventRow for a payload already compressed (the query benchmark reuses one per template). */
export function encodedEventRow({ event, searchText }: Normalized, payload: EncodedPayload, receivedAt: Date) {
  const scoped = scopeColumnsOf(event);
  return {
    deliveryId: event.delivery_id,
    eventType: event.event_type,
    action: event.action,
    repository: scoped.repository,
    owner: scoped.owner,
    private: scoped.private,
    actor: event.sender?.login.toLowerCase() ?? null,
    installationId: event.installation_id,
    subjectType: event.subject?.type ?? null,
    subjectNumber: event.subject?.number ?? null,
    threadNumber: threadNumberOf(event),
    summary: event.summary,
    occurredAt: new Date(event.timestamp),
    receivedAt,
    event: JSON.stringify(event),
    searchText,
    payload: new Uint8Array(payload.data),
    payloadCodec: payload.codec,
    payloadBytes: payload.bytes,
  };
}
