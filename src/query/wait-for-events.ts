import { scopeAllows, scopeColumnsOf, type Scope } from "../auth/scope.js";
import type { EventBus, StoredEvent } from "../events/event-bus.js";
import type { Db } from "../store/db.js";
import { sql } from "../store/sql.js";
import { QueryError } from "./errors.js";
import { eventsAfter, type UnreadEvents } from "./unread-events.js";
import type { EventFilter } from "./types.js";

export interface WaitOptions {
  limit: number;
  filter: EventFilter;
  /** Give up after this long and answer with no events. */
  timeoutMs: number;
  /** Ends the wait early (the client went away), with no events. */
  signal: AbortSignal;
  clock: () => Date;
}

export interface WaitResult extends UnreadEvents {
  timedOut: boolean;
}

const same = (value: string | null | undefined, wanted: string) => value?.toLowerCase() === wanted.trim().replace(/^@/, "").toLowerCase();

/** Whether a stored event may be one the wait is for: the scope and the equality filters, in memory. The query decides. */
function mayMatch(scope: Scope, filter: EventFilter, { event, private: isPrivate }: StoredEvent): boolean {
  if (!scopeAllows(scope, { ...scopeColumnsOf(event), private: isPrivate })) return false;
  if (filter.eventType !== undefined && !same(event.event_type, filter.eventType)) return false;
  if (filter.action !== undefined && !same(event.action, filter.action)) return false;
  if (filter.repository !== undefined && !same(event.repository?.full_name, filter.repository)) return false;
  return filter.actor === undefined || same(event.sender?.login, filter.actor);
}

/**
 * Resolves on the first stored event `accepts`, at `until`, or on abort,
 * whichever comes first; listens to the bus only until stopped.
 */
function nextChance(events: Pick<EventBus, "subscribe">, accepts: (stored: StoredEvent) => boolean, until: number, signal: AbortSignal, now: () => number) {
  let wake!: () => void;
  const woken = new Promise<void>((resolve) => (wake = resolve));
  const unsubscribe = events.subscribe((stored) => accepts(stored) && wake());
  let timer = setTimeout(wake, Math.max(0, until - now()));
  signal.addEventListener("abort", wake, { once: true });
  return {
    woken,
    /** Wakes at `time` instead, when that is sooner. */
    wakeBy(time: number) {
      if (time >= until) return;
      clearTimeout(timer);
      timer = setTimeout(wake, Math.max(0, time - now()));
    },
    stop() {
      unsubscribe();
      clearTimeout(timer);
      signal.removeEventListener("abort", wake);
    },
  };
}

/**
 * The events after position `after` the caller may see and the filter keeps,
 * as soon as there is one: read at once, else again each time the bus (which
 * hears of every instance's inserts on PostgreSQL) tells of an event that may
 * match, or when a held-back event leaves PostgreSQL's settle window. No
 * database connection is held while waiting. After `timeoutMs`, or when
 * `signal` aborts, the answer has no events and the position to go on from.
 */
export async function waitForEvents(db: Db, scope: Scope, events: Pick<EventBus, "subscribe">, after: number, options: WaitOptions): Promise<WaitResult> {
  const [newest] = await db.rows<{ id: number | bigint | null }>(sql`SELECT MAX(id) AS id FROM events`);
  if (after > Number(newest?.id ?? 0))
    throw new QueryError(`cursor ${after} is beyond the newest event (${Number(newest?.id ?? 0)}); pass a cursor this tool or get_unread_events returned.`);
  const now = () => options.clock().getTime();
  const deadline = now() + options.timeoutMs;
  for (;;) {
    // Listening before reading: an event stored between the read and the wait still wakes it.
    const chance = nextChance(events, (stored) => stored.id > after && mayMatch(scope, options.filter, stored), deadline, options.signal, now);
    try {
      const found = await eventsAfter(db, scope, after, { limit: options.limit, filter: options.filter, now: options.clock() });
      if (found.events.length > 0 || options.signal.aborted || now() >= deadline) return { ...found, timedOut: found.events.length === 0 };
      if (found.settlesAt !== null) chance.wakeBy(found.settlesAt.getTime());
      await chance.woken;
    } finally {
      chance.stop();
    }
    if (options.signal.aborted) return { events: [], cursor: after, remaining: false, timedOut: true };
  }
}
