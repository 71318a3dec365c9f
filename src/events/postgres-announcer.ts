import pg from "pg";
import type { Logger } from "pino";
import type { NormalizedEvent } from "../normalize/types.js";
import type { Db } from "../store/db.js";
import type { EventBus } from "./event-bus.js";

/** The channel the events_announce trigger notifies (prisma/postgres/migrations/*_announce_stored_events). */
export const ANNOUNCE_CHANNEL = "code_buddy_events";
/** Rows read per query while announcing one notification's id range. */
const BATCH = 500;
const RECONNECT_MS = { first: 500, max: 30_000 };

export interface AnnouncerDeps {
  databaseUrl: string;
  /** Its sessionName marks this process's own inserts, already published. */
  db: Pick<Db, "prisma" | "sessionName">;
  bus: Pick<EventBus, "publish">;
  log: Logger;
}

export interface Announcer {
  stop(): Promise<void>;
}

export interface Announcement {
  first: number;
  last: number;
  /** The inserting session's application_name. */
  from: string;
}

/** "<first id> <last id> <application_name>", as the trigger sends it; null for anything else. */
export function parseAnnouncement(payload: string | undefined): Announcement | null {
  const match = /^(\d+) (\d+) (.*)$/s.exec(payload ?? "");
  if (!match) return null;
  const [first, last] = [Number(match[1]), Number(match[2])];
  return first <= last ? { first, last, from: match[3]! } : null;
}

/**
 * Publishes to this process's bus the events any instance stores in the
 * shared PostgreSQL database, as the database announces them at commit
 * (LISTEN on one dedicated connection): how an MCP subscription on one
 * instance hears of a webhook another instance received. Its own inserts are
 * skipped, and the bus drops an event of its own that another insert's id
 * range happens to span. Notifications sent while the
 * connection is down are lost, so it reconnects within half a second, then
 * backs off; those events stay readable (get_unread_events), only their
 * notification is missed.
 */
export async function startPostgresAnnouncer({ databaseUrl, db, bus, log }: AnnouncerDeps): Promise<Announcer> {
  let client: pg.Client | null = null;
  let stopped = false;
  let retryMs = RECONNECT_MS.first;
  let retryTimer: NodeJS.Timeout | undefined;
  let work: Promise<void> = Promise.resolve();

  const announce = async (first: number, last: number) => {
    for (let from = first; from <= last;) {
      const rows = await db.prisma.event.findMany({
        where: { id: { gte: from, lte: last } },
        orderBy: { id: "asc" },
        take: BATCH,
        select: { id: true, private: true, event: true },
      });
      for (const row of rows) bus.publish({ id: row.id, private: row.private, event: JSON.parse(row.event) as NormalizedEvent });
      if (rows.length < BATCH) return;
      from = rows.at(-1)!.id + 1;
    }
  };

  const onNotification = ({ channel, payload }: pg.Notification) => {
    const announcement = channel === ANNOUNCE_CHANNEL ? parseAnnouncement(payload) : null;
    // This process's own inserts were published by its ingest as they were stored.
    if (!announcement || announcement.from === db.sessionName) return;
    const { first, last } = announcement;
    work = work
      .then(() => announce(first, last))
      .catch((error: unknown) => log.warn({ err: error, first, last }, "could not read announced events; their subscribers are not notified"));
  };

  const connect = async (): Promise<void> => {
    const connection = new pg.Client({ connectionString: databaseUrl });
    connection.on("notification", onNotification);
    connection.on("error", (error) => log.warn({ err: error }, "the connection that hears of events stored by other instances failed"));
    connection.on("end", () => {
      if (client !== connection) return;
      client = null;
      log.warn("lost the connection that hears of events stored by other instances; reconnecting");
      scheduleReconnect();
    });
    try {
      await connection.connect();
      await connection.query(`LISTEN ${ANNOUNCE_CHANNEL}`);
    } catch (error) {
      await connection.end().catch(() => {});
      throw error;
    }
    if (stopped) {
      await connection.end();
      return;
    }
    client = connection;
    retryMs = RECONNECT_MS.first;
  };

  const scheduleReconnect = () => {
    if (stopped || retryTimer) return;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      connect().catch((error: unknown) => {
        log.warn({ err: error, retryInMs: retryMs }, "could not listen for events stored by other instances; retrying");
        retryMs = Math.min(retryMs * 2, RECONNECT_MS.max);
        scheduleReconnect();
      });
    }, retryMs);
    retryTimer.unref();
  };

  await connect();
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(retryTimer);
      const closing = client;
      client = null;
      await closing?.end();
      await work;
    },
  };
}
