import type { Logger } from "pino";
import type { EventBus } from "../events/event-bus.js";
import { normalize } from "../normalize/index.js";
import type { Db } from "../store/db.js";
import { EventWriter, type OutboxRoute } from "../store/event-writer.js";
import type { StoreOutcome } from "../store/events.js";

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
  /** The bytes GitHub signed, stored as they came. */
  raw: Buffer;
}

/**
 * Normalizes one verified delivery and stores it with its raw payload and its
 * outbox rows; no network call happens here. Listeners hear of the event after
 * the commit.
 */
export function createIngest({ db, log, clock, bus, route }: IngestDeps) {
  const writer = new EventWriter(db, route);
  return async ({ id, name, payload, raw }: IncomingDelivery): Promise<StoreOutcome> => {
    const receivedAt = clock();
    const normalized = normalize({ deliveryId: id, name, payload, receivedAt });
    const stored = await writer.write({ normalized, raw, receivedAt });
    log.debug({ delivery: id, event: name, action: normalized.event.action, outcome: stored.outcome }, normalized.event.summary);
    if (stored.outcome === "stored") bus?.publish({ id: stored.id, private: normalized.event.repository?.private ?? false, event: normalized.event });
    return stored;
  };
}
