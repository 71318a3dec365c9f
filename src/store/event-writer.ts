import type { Db } from "./db.js";
import { StoreUnavailableError } from "./errors.js";
import { eventRow, type NewEvent, type StoreOutcome } from "./events.js";

interface Pending {
  newEvent: NewEvent;
  resolve(outcome: StoreOutcome): void;
  reject(error: unknown): void;
}

/** Deliveries that arrive while a batch commits wait for the next one; this bounds its size. */
const MAX_BATCH = 64;

/**
 * Group commit: the deliveries whose requests were read in the same turn of
 * the event loop, and those that arrive while a write is in flight, are stored
 * together in one multi-row INSERT, so a burst pays the commit (fsync) and the
 * per-statement cost once per batch instead of once per event. The flush waits
 * for no timer: setImmediate only lets the requests already readable in this
 * turn reach the queue first (the SQLite driver is synchronous, so without it
 * every request would be handled start to end alone). Each event's outbox rows
 * are committed with it. Each caller's promise
 * settles only after its row is committed, so acknowledging after `write`
 * still means acknowledging only what is stored.
 */
export class EventWriter {
  readonly #db: Db;
  #queue: Pending[] = [];
  #draining = false;

  constructor(db: Db) {
    this.#db = db;
  }

  write(newEvent: NewEvent): Promise<StoreOutcome> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ newEvent, resolve, reject });
      if (!this.#draining) {
        this.#draining = true;
        setImmediate(() => void this.#drain());
      }
    });
  }

  async #drain(): Promise<void> {
    try {
      while (this.#queue.length > 0) await this.#commit(this.#queue.splice(0, MAX_BATCH));
    } finally {
      this.#draining = false;
    }
  }

  async #commit(batch: Pending[]): Promise<void> {
    let ids: Map<string, number>;
    try {
      const events = batch.map((pending) => pending.newEvent);
      ids = await this.#db.insertEventRows(
        events.map(eventRow),
        events.map((newEvent) => newEvent.outbox),
      );
    } catch (error) {
      const failure = new StoreUnavailableError(error);
      for (const pending of batch) pending.reject(failure);
      return;
    }
    for (const pending of batch) {
      const deliveryId = pending.newEvent.normalized.event.delivery_id;
      const id = ids.get(deliveryId);
      // Not inserted: stored before (a redelivery), or earlier in this same batch.
      ids.delete(deliveryId);
      pending.resolve(id === undefined ? { outcome: "duplicate" } : { outcome: "stored", id });
    }
  }
}
