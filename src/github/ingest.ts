import type { Logger } from "pino";
import type { EventBus } from "../events/event-bus.js";
import type { EventSource } from "../normalize/types.js";
import { normalize } from "../normalize/index.js";
import type { Db } from "../store/db.js";
import { EventWriter } from "../store/event-writer.js";
import type { OutboxRoute, StoreOutcome } from "../store/events.js";

export interface IngestDeps {
  db: Db;
  log: Logger;
  clock: () => Date;
  bus?: EventBus;
  /** The subscriptions each event is pushed to; their outbox rows are written with it. */
  route?: OutboxRoute;
}

export interface IncomingDelivery {
  id: string;
  name: string;
  payload: object;
  /** The bytes GitHub signed (for a polled event: the Events API's JSON of it), stored as they came. */
  raw: Buffer;
  /** A webhook when not given. */
  source?: EventSource;
  /** When it happened, if known apart from now (a polled event's created_at). */
  occurredAt?: Date;
}

export type Ingest = (delivery: IncomingDelivery) => Promise<StoreOutcome>;

/**
 * Normalizes one verified delivery, routes it to the subscriptions it goes to,
 * and stores it with its raw payload and those outbox rows; no network call
 * happens here. Listeners hear of the event after the commit.
 */
export function createIngest({ db, log, clock, bus, route }: IngestDeps): Ingest {
  const writer = new EventWriter(db);
  return async ({ id, name, payload, raw, source, occurredAt }) => {
    const receivedAt = clock();
    const normalized = normalize({ deliveryId: id, name, payload, receivedAt, source, occurredAt });
    const stored = await writer.write({ normalized, raw, receivedAt, outbox: route?.(normalized.event) ?? [] });
    log.debug({ delivery: id, event: name, action: normalized.event.action, outcome: stored.outcome }, normalized.event.summary);
    if (stored.outcome === "stored") bus?.publish({ id: stored.id, private: normalized.event.repository?.private ?? false, event: normalized.event });
    return stored;
  };
}
