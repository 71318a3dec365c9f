import type { Logger } from "pino";
import type { EventBus } from "../events/event-bus.js";
import type { NormalizedEvent } from "../normalize/types.js";
import type { PrismaDb } from "../store/db.js";

export interface EventPollerDeps {
  prisma: PrismaDb;
  bus: Pick<EventBus, "publish">;
  intervalMs: number;
  log: Logger;
}

export interface EventPoller {
  stop(): Promise<void>;
}

/** Events published per poll; a larger backlog is caught up over the next polls. */
const BATCH = 500;

/**
 * Publishes the events other processes store (the server ingesting webhooks)
 * to this process's bus, by polling for ids above the highest one seen: what
 * drives subscriptions in `code-buddy mcp` on SQLite, whose process ingests
 * nothing. Starts after the newest event stored. SQLite commits ids in order;
 * PostgreSQL does not, and announces its commits instead
 * (src/events/postgres-announcer.ts).
 */
export async function startEventPoller({ prisma, bus, intervalMs, log }: EventPollerDeps): Promise<EventPoller> {
  let lastId = (await prisma.event.aggregate({ _max: { id: true } }))._max.id ?? 0;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> = Promise.resolve();

  const poll = async () => {
    try {
      const rows = await prisma.event.findMany({ where: { id: { gt: lastId } }, orderBy: { id: "asc" }, take: BATCH, select: { id: true, private: true, event: true } });
      for (const row of rows) {
        lastId = row.id;
        bus.publish({ id: row.id, private: row.private, event: JSON.parse(row.event) as NormalizedEvent });
      }
    } catch (error) {
      log.warn({ err: error }, "could not poll the store for new events; trying again");
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      inFlight = poll().then(schedule);
    }, intervalMs);
  };
  schedule();
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await inFlight;
    },
  };
}
