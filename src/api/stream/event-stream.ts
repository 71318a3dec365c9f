import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";
import { z } from "zod";
import type { ResolvePrincipal } from "../../auth/principal.js";
import type { EventBus, StoredEvent } from "../../events/event-bus.js";
import type { PrismaDb } from "../../store/db.js";
import { ApiError } from "../api-error.js";
import { defineRoute, type ApiRoute } from "../route.js";
import { eventSchema } from "../schemas/events.js";
import { eventFilterParams, integerParam } from "../schemas/params.js";
import { storedAfter } from "./stored-after.js";
import { streamCarries, type StreamFilter } from "./stream-filter.js";

export interface EventStreamDeps {
  prisma: PrismaDb;
  events: Pick<EventBus, "subscribe">;
  resolvePrincipal: ResolvePrincipal;
  keepAliveMs: number;
  maxStreams: number;
  log: Logger;
}

export interface EventStreams {
  route: ApiRoute;
  /** Ends every open stream. */
  close(): void;
}

/** The client reconnects after this long (the EventSource default is about 3 s). */
const RETRY_MS = 2000;
/** A client that reads this far behind is cut off; it resumes from its Last-Event-ID without losing anything. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

function resumePosition(req: IncomingMessage, after: number | undefined): number | null {
  const header = req.headers["last-event-id"];
  if (header === undefined) return after ?? null;
  if (typeof header !== "string" || !/^\d{1,15}$/.test(header.trim()))
    throw new ApiError(400, "invalid_parameter", `Last-Event-ID must be the id of a message of this stream (a whole number); got ${JSON.stringify(header)}.`, "Last-Event-ID");
  // The browser's reconnection carries the newest position; ?after= in the URL is the one it first opened with.
  return Number(header.trim());
}

/** Resolves when the client has read what was written, or is gone. */
const drained = (res: ServerResponse) =>
  new Promise<void>((resolve) => {
    res.once("drain", resolve);
    res.once("close", resolve);
  });

const message = (stored: StoredEvent) => `id: ${stored.id}\nevent: github\ndata: ${JSON.stringify(stored.event)}\n\n`;

/**
 * GET /api/v1/events/stream: Server-Sent Events, one `github` message per
 * stored event the caller's scope and filters allow, as it is stored. With
 * Last-Event-ID (or ?after=) it first sends what was stored after that
 * position, then goes live: the live events heard while catching up wait,
 * and those the catching up already sent are dropped, so nothing is skipped
 * or repeated. A comment every keepAliveMs keeps proxies from closing an
 * idle stream, and re-checks the credential: a revoked token's stream ends.
 */
export function createEventStreams({ prisma, events, resolvePrincipal, keepAliveMs, maxStreams, log }: EventStreamDeps): EventStreams {
  const open = new Set<ServerResponse>();

  const route = defineRoute({
    method: "GET",
    path: "/events/stream",
    operationId: "streamEvents",
    tag: "Events",
    summary: "Live events (Server-Sent Events)",
    description:
      "One `event: github` message per stored event the caller may see, as it is stored; `id:` is its position. Reconnecting with Last-Event-ID (EventSource does) or ?after=<id> " +
      `first sends what was stored since, nothing skipped or repeated. A comment line every ${keepAliveMs / 1000} s keeps proxies open.`,
    access: "reader",
    query: z.strictObject({
      ...eventFilterParams,
      after: integerParam(0, Number.MAX_SAFE_INTEGER, "the id of a message of this stream").optional().describe("Start after this position (as Last-Event-ID does)."),
    }),
    response: eventSchema,
    stream: true,
    handle: async ({ query, principal, req, res }) => {
      if (open.size >= maxStreams)
        throw new ApiError(503, "too_many_streams", `This server already holds ${maxStreams} event streams (API_MAX_STREAMS). Retry later.`, undefined, { "retry-after": "30" });
      const after = resumePosition(req, query.after);
      const filter: StreamFilter = { eventType: query.event_type, action: query.action, repository: query.repository, actor: query.actor };
      const carries = (stored: StoredEvent) => streamCarries(principal.scope, filter, stored);

      res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-store", "x-accel-buffering": "no", "x-content-type-options": "nosniff" });
      res.write(`retry: ${RETRY_MS}\n: connected\n\n`);
      open.add(res);

      const send = (stored: StoredEvent) => {
        res.write(message(stored));
        if (res.writableLength > MAX_BUFFERED_BYTES) res.destroy();
      };
      let waiting: StoredEvent[] | null = [];
      const unsubscribe = events.subscribe((stored) => {
        if (!carries(stored)) return;
        if (waiting) waiting.push(stored);
        else send(stored);
      });
      const keepAlive = setInterval(() => {
        resolvePrincipal(req).then(
          () => res.write(": keep-alive\n\n"),
          () => res.end(),
        );
      }, keepAliveMs);
      keepAlive.unref();
      res.once("close", () => {
        open.delete(res);
        unsubscribe();
        clearInterval(keepAlive);
      });

      const sentWhileCatchingUp = new Set<number>();
      try {
        if (after !== null) {
          for await (const batch of storedAfter(prisma, after)) {
            if (res.destroyed) return;
            for (const stored of batch.filter(carries)) {
              sentWhileCatchingUp.add(stored.id);
              if (!res.write(message(stored))) await drained(res);
            }
          }
        }
      } catch (error) {
        log.warn({ err: error }, "could not read the events a resumed stream missed; it ends, and the client resumes again");
        res.destroy();
        return;
      }
      for (const stored of waiting) if (!sentWhileCatchingUp.has(stored.id)) send(stored);
      waiting = null;
    },
  });

  return {
    route,
    close: () => {
      for (const res of open) res.end();
    },
  };
}
