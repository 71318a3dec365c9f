import { EventEmitter } from "node:events";
import type { NormalizedEvent } from "../normalize/types.js";

/** An event as it was committed: its row id orders the stream (read cursors, pagination). */
export interface StoredEvent {
  id: number;
  private: boolean;
  event: NormalizedEvent;
}

export type StoredEventListener = (stored: StoredEvent) => void;

/**
 * Tells this process's listeners (MCP subscriptions, later the push worker)
 * that an event was committed. Publishing never throws into ingest: a failing
 * listener is reported to `onListenerError` and the others still run.
 */
export class EventBus {
  readonly #emitter = new EventEmitter();

  constructor(private readonly onListenerError: (error: unknown) => void = () => {}) {
    this.#emitter.setMaxListeners(0);
  }

  publish(stored: StoredEvent): void {
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
