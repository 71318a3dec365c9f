import type { Logger } from "pino";
import type { PrismaDb } from "../../store/db.js";
import type { GitHubOctokit } from "../octokit.js";
import type { Ingest } from "../ingest.js";
import { completePullRequests } from "./complete-pull-requests.js";
import type { ClaimedFeed, FeedUpdate } from "./feed-store.js";
import { nextPollAfterAnswer, nextPollAfterFailure, type ResponseHeaders } from "./poll-schedule.js";
import { eventsApiDeliveryId, translateApiEvent, type ApiEvent } from "./translate.js";

export interface PollFeedDeps {
  prisma: PrismaDb;
  ingest: Ingest;
  log: Logger;
  clock: () => Date;
  webBaseUrl: string;
  minIntervalMs: number;
}

export interface PollOutcome {
  update: FeedUpdate;
  /** Events newly stored by this poll. */
  stored: number;
  notModified: boolean;
}

/** An Octokit RequestError's status and response headers (read by shape: Probot and Octokit may hold different copies of the class). */
function requestFailure(error: unknown): { status: number; headers: ResponseHeaders | undefined } | null {
  if (typeof error !== "object" || error === null || typeof (error as { status?: unknown }).status !== "number") return null;
  const { status, response } = error as { status: number; response?: { headers?: ResponseHeaders } };
  return { status, headers: response?.headers };
}

/** Event ids are increasing decimal numbers; compared as such, "999" comes before "1000". */
function newer(id: string, than: string | null): boolean {
  if (than === null) return true;
  try {
    return BigInt(id) > BigInt(than);
  } catch {
    return id !== than;
  }
}

/** Those of `events` already stored (by any feed: the same event shows in its organization's and its repository's). */
async function storedIds(prisma: PrismaDb, events: readonly ApiEvent[]): Promise<Set<string>> {
  const rows = await prisma.event.findMany({ where: { deliveryId: { in: events.map(eventsApiDeliveryId) } }, select: { deliveryId: true } });
  return new Set(rows.map((row) => row.deliveryId));
}

/**
 * Reads one feed, newest first, sending the last ETag (a 304 costs no rate limit and ends
 * the poll), paging until the page that reaches where its last poll ended (or the 300 events
 * GitHub keeps), and stores the events not stored yet, oldest first, through ingest, as if
 * they were webhooks. An event that shows up late, older than the mark, is still stored.
 */
export async function pollFeed(octokit: GitHubOctokit, feed: ClaimedFeed, deps: PollFeedDeps): Promise<PollOutcome> {
  const { prisma, ingest, log, clock, webBaseUrl, minIntervalMs } = deps;
  const fresh = new Map<string, ApiEvent>();
  let lastEventId = feed.lastEventId;
  let headers: ResponseHeaders = {};
  let etag = feed.etag;
  try {
    const pages = octokit.paginate.iterator(`GET ${feed.path}`, { per_page: 100, headers: feed.etag ? { "if-none-match": feed.etag } : {} });
    let first = true;
    for await (const page of pages) {
      if (first) {
        headers = page.headers;
        etag = page.headers.etag ?? null;
        first = false;
      }
      const events = page.data as ApiEvent[];
      const known = await storedIds(prisma, events);
      for (const event of events) {
        if (!known.has(eventsApiDeliveryId(event))) fresh.set(event.id, event);
        if (newer(event.id, lastEventId)) lastEventId = event.id;
      }
      // Where this feed's last poll ended: older pages hold nothing new. An event stored from
      // another feed is no such mark (a repository's older events may not be in its organization's).
      if (events.some((event) => !newer(event.id, feed.lastEventId))) break;
    }
  } catch (error) {
    const failure = requestFailure(error);
    if (failure?.status === 304)
      return {
        update: { etag: feed.etag, lastEventId: feed.lastEventId, nextPollAt: nextPollAfterAnswer(failure.headers ?? {}, clock(), minIntervalMs), lastError: null },
        stored: 0,
        notModified: true,
      };
    throw error;
  }
  const oldestFirst = [...fresh.values()].sort((a, b) => (newer(a.id, b.id) ? 1 : -1));
  const completed = await completePullRequests(octokit, oldestFirst, log);
  // Handed to ingest all at once and in order: its writer commits them in batches, in this order.
  const outcomes = await Promise.all(
    oldestFirst.map((event, index) => {
      // Translated from the completed event, stored as GitHub listed it.
      const { name, payload } = translateApiEvent(completed[index]!, { webBaseUrl, installationId: feed.installationId });
      return ingest({
        id: eventsApiDeliveryId(event),
        name,
        payload,
        raw: Buffer.from(JSON.stringify(event)),
        source: "events-api",
        ...(event.created_at && { occurredAt: new Date(event.created_at) }),
      });
    }),
  );
  const stored = outcomes.filter((outcome) => outcome.outcome === "stored").length;
  return { update: { etag, lastEventId, nextPollAt: nextPollAfterAnswer(headers, clock(), minIntervalMs), lastError: null }, stored, notModified: false };
}

/** The state to save after a poll failed: same ETag and position, tried again when GitHub allows. */
export function failedPoll(feed: ClaimedFeed, error: unknown, now: Date, minIntervalMs: number): FeedUpdate {
  const failure = requestFailure(error);
  const message = error instanceof Error ? error.message : String(error);
  return {
    etag: feed.etag,
    lastEventId: feed.lastEventId,
    nextPollAt: nextPollAfterFailure(failure?.headers, now, minIntervalMs),
    lastError: `${failure ? `${failure.status} ` : ""}${message}`.slice(0, 500),
  };
}
