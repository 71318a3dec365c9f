import { EventEmitter } from "node:events";
import type { NormalizedEvent } from "../normalize/types.js";

/** An event as it was committed: its row id orders the stream (read cursors, pagination). */
export interface StoredEvent {
  id: number;
  private: boolean;
  event: NormalizedEvent;
}

export type StoredEventListener = (stored: StoredEvent) => void;

/** How many of the latest published ids the bus remembers to drop a second announcement of the same event. */
const REMEMBERED_IDS = 4096;

/**
 * Tells this process's listeners (MCP subscriptions, the push worker) that an
 * event was committed. Publishing never throws into ingest: a failing
 * listener is reported to `onListenerError` and the others still run. An event
 * can be announced twice, by this process's ingest and by the database's
 * notification of it (src/events/postgres-announcer.ts): listeners hear it once.
 */
export class EventBus {
  readonly #emitter = new EventEmitter();
  /** Insertion-ordered, so the first is the oldest. */
  readonly #published = new Set<number>();

  constructor(private readonly onListenerError: (error: unknown) => void = () => {}) {
    this.#emitter.setMaxListeners(0);
  }

  publish(stored: StoredEvent): void {
    if (this.#published.has(stored.id)) return;
    this.#published.add(stored.id);
    if (this.#published.size > REMEMBERED_IDS) this.#published.delete(this.#published.values().next().value!);
    for (const listener of this.#emitter.listeners("stored") as StoredEventListener[]) {
      try {
        listener(stored);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }

  /** Returns the function that unsubscribes. */
  subscribe(listener: StoredEventListener): () => void {
    this.#emitter.on("stored", listener);
    return () => this.#emitter.off("stored", listener);
  }
}
