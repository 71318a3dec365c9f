import pg from "pg";
import type { Logger } from "pino";
import type { NormalizedEvent } from "../normalize/types.js";
import type { PrismaDb } from "../store/db.js";
import type { EventBus } from "./event-bus.js";

/** The channel the events_announce trigger notifies (prisma/postgres/migrations/*_announce_stored_events). */
export const ANNOUNCE_CHANNEL = "code_buddy_events";
/** Rows read per query while announcing one notification's id range. */
const BATCH = 500;
const RECONNECT_MS = { first: 500, max: 30_000 };

export interface AnnouncerDeps {
  databaseUrl: string;
  prisma: PrismaDb;
  bus: Pick<EventBus, "publish">;
  log: Logger;
}

export interface Announcer {
  stop(): Promise<void>;
}

/** "<first id> <last id>", as the trigger sends it; null for anything else. */
export function parseAnnouncement(payload: string | undefined): { first: number; last: number } | null {
  const match = /^(\d+) (\d+)$/.exec(payload ?? "");
  if (!match) return null;
  const [first, last] = [Number(match[1]), Number(match[2])];
  return first <= last ? { first, last } : null;
}

/**
 * Publishes to this process's bus the events any instance stores in the
 * shared PostgreSQL database, as the database announces them at commit
 * (LISTEN on one dedicated connection): how an MCP subscription on one
 * instance hears of a webhook another instance received. The bus drops the
 * events this process announced itself. Notifications sent while the
 * connection is down are lost, so it reconnects within half a second, then
 * backs off; those events stay readable (get_unread_events), only their
 * notification is missed.
 */
export async function startPostgresAnnouncer({ databaseUrl, prisma, bus, log }: AnnouncerDeps): Promise<Announcer> {
  let client: pg.Client | null = null;
  let stopped = false;
  let retryMs = RECONNECT_MS.first;
  let retryTimer: NodeJS.Timeout | undefined;
  let work: Promise<void> = Promise.resolve();

  const announce = async (first: number, last: number) => {
    for (let from = first; from <= last; ) {
      const rows = await prisma.event.findMany({ where: { id: { gte: from, lte: last } }, orderBy: { id: "asc" }, take: BATCH, select: { id: true, private: true, event: true } });
      for (const row of rows) bus.publish({ id: row.id, private: row.private, event: JSON.parse(row.event) as NormalizedEvent });
      if (rows.length < BATCH) return;
      from = rows.at(-1)!.id + 1;
    }
  };

  const onNotification = ({ channel, payload }: pg.Notification) => {
    const range = channel === ANNOUNCE_CHANNEL ? parseAnnouncement(payload) : null;
    if (!range) return;
    work = work.then(() => announce(range.first, range.last)).catch((error: unknown) => log.warn({ err: error, ...range }, "could not read announced events; their subscribers are not notified"));
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
