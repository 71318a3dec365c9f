import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { Logger } from "pino";
import type { PrismaDb } from "../../store/db.js";
import type { Ingest } from "../ingest.js";
import type { GitHubOctokit } from "../octokit.js";
import { FeedStore, type ClaimedFeed, type FeedRef } from "./feed-store.js";
import { failedPoll, pollFeed } from "./poll-feed.js";

/** How the poller paces itself (EVENTS_* variables). */
export interface PollerConfig {
  /** No feed is read more often than this, whatever X-Poll-Interval says. */
  minIntervalMs: number;
  /** How often the list of installations and repositories is read again. */
  refreshMs: number;
  /** Feeds read at once by this instance. */
  concurrency: number;
}

export interface PollerDeps {
  config: PollerConfig;
  /** Lists the feeds to poll (feed-directory.ts). */
  listFeeds(): Promise<FeedRef[]>;
  /** The Octokit that reads a feed: the installation's, or for null the personal token's. */
  octokitFor(installationId: number | null): Promise<GitHubOctokit>;
  prisma: PrismaDb;
  ingest: Ingest;
  log: Logger;
  clock: () => Date;
  webBaseUrl: string;
  /** Aborted at shutdown: the loop ends, requests in flight are cut short (the Octokits share it). */
  signal: AbortSignal;
  /** How often due feeds are looked for. */
  tickMs?: number;
}

export interface Poller {
  /** Resolves once the loop has ended and every lease is handed back; abort the signal first. */
  stopped: Promise<void>;
}

/**
 * A claim, renewed every minute while its poll runs (a rate-limited one waits for the reset
 * inside Octokit's throttling): an instance that dies holds a feed this long at most.
 */
const LEASE_MS = 5 * 60_000;
const RENEW_MS = 60_000;
/** After the list of feeds could not be read, try again this soon rather than at the next refresh. */
const LIST_RETRY_MS = 60_000;

/**
 * Polls GitHub's Events API for every feed, each when it is due, stores what is new through
 * ingest, and saves each feed's ETag, position and next time in the database. Several instances
 * on one database share the work: each feed is read by whichever claims it (feed-store.ts).
 */
export function startEventsPoller(deps: PollerDeps): Poller {
  const { config, prisma, log, clock, signal, tickMs = 1000 } = deps;
  const store = new FeedStore(prisma, `code-buddy ${randomUUID()}`);
  const pollDeps = { prisma, ingest: deps.ingest, log, clock, webBaseUrl: deps.webBaseUrl, minIntervalMs: config.minIntervalMs };

  async function pollOne(feed: ClaimedFeed): Promise<void> {
    const renewal = setInterval(() => {
      store.renew(feed.path, clock(), LEASE_MS).catch((error: unknown) => log.warn({ err: error, feed: feed.path }, "could not renew the lease of a feed being polled"));
    }, RENEW_MS);
    renewal.unref();
    try {
      const octokit = await deps.octokitFor(feed.installationId);
      const outcome = await pollFeed(octokit, feed, pollDeps);
      if (outcome.stored > 0) log.info({ feed: feed.path, stored: outcome.stored }, "stored new events from GitHub's Events API");
      await store.release(feed.path, outcome.update, clock());
    } catch (error) {
      // Stopping: hand the feed back as it was, due now, for whichever instance runs next.
      if (signal.aborted) return await store.release(feed.path, { etag: feed.etag, lastEventId: feed.lastEventId, nextPollAt: clock(), lastError: null }, clock());
      const update = failedPoll(feed, error, clock(), config.minIntervalMs);
      log.warn({ err: error, feed: feed.path, next: update.nextPollAt }, "could not poll a feed of GitHub's Events API; will try again");
      await store.release(feed.path, update, clock());
    } finally {
      clearInterval(renewal);
    }
  }

  async function loop(): Promise<void> {
    let listedAt = Number.NEGATIVE_INFINITY;
    while (!signal.aborted) {
      try {
        const now = clock();
        if (now.getTime() - listedAt >= config.refreshMs) {
          try {
            await store.sync(await deps.listFeeds(), now);
            listedAt = now.getTime();
          } catch (error) {
            if (signal.aborted) break;
            listedAt = now.getTime() - config.refreshMs + LIST_RETRY_MS;
            log.warn({ err: error }, "could not list the installations' repositories to poll; polling the feeds known so far");
          }
        }
        const claimed = await store.claimDue(clock(), LEASE_MS, config.concurrency);
        await Promise.all(claimed.map(pollOne));
      } catch (error) {
        if (!signal.aborted) log.error({ err: error }, "the Events API poller failed; trying again");
      }
      await sleep(tickMs, undefined, { signal }).catch(() => {});
    }
  }

  return { stopped: loop() };
}
