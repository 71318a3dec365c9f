import type { PrismaDb } from "../../store/db.js";

/** A feed to poll: the API path, and the installation whose token reads it (null: GITHUB_TOKEN). */
export interface FeedRef {
  path: string;
  installationId: number | null;
}

/** A feed this instance holds the lease of, with what it last saw. */
export interface ClaimedFeed extends FeedRef {
  etag: string | null;
  lastEventId: string | null;
}

export interface FeedUpdate {
  etag: string | null;
  lastEventId: string | null;
  nextPollAt: Date;
  lastError: string | null;
}

/**
 * The event_feeds table: which feeds exist, and a lease per feed so that, of the
 * instances sharing a database, one at a time reads it. A claim is one
 * conditional UPDATE (due, and free or its lease run out), so two instances
 * racing for a feed cannot both win, on SQLite or PostgreSQL.
 */
export class FeedStore {
  readonly #prisma: PrismaDb;
  readonly #owner: string;

  constructor(prisma: PrismaDb, owner: string) {
    this.#prisma = prisma;
    this.#owner = owner;
  }

  /** Records the feeds to poll now (new ones are due at once) and retires the others, keeping their state should they return. */
  async sync(feeds: readonly FeedRef[], now: Date): Promise<void> {
    for (const feed of feeds)
      await this.#prisma.eventFeed.upsert({
        where: { path: feed.path },
        create: { path: feed.path, installationId: feed.installationId, nextPollAt: now, updatedAt: now },
        update: { installationId: feed.installationId, active: true },
      });
    await this.#prisma.eventFeed.updateMany({ where: { active: true, path: { notIn: feeds.map((feed) => feed.path) } }, data: { active: false, updatedAt: now } });
  }

  /** Claims up to `limit` due feeds for `leaseMs`. */
  async claimDue(now: Date, leaseMs: number, limit: number): Promise<ClaimedFeed[]> {
    const free = { OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }] };
    const due = await this.#prisma.eventFeed.findMany({ where: { active: true, nextPollAt: { lte: now }, ...free }, orderBy: { nextPollAt: "asc" }, take: limit });
    const claimed: ClaimedFeed[] = [];
    for (const feed of due) {
      const { count } = await this.#prisma.eventFeed.updateMany({
        where: { path: feed.path, active: true, nextPollAt: { lte: now }, ...free },
        data: { leaseOwner: this.#owner, leaseUntil: new Date(now.getTime() + leaseMs) },
      });
      if (count === 1) claimed.push({ path: feed.path, installationId: feed.installationId, etag: feed.etag, lastEventId: feed.lastEventId });
    }
    return claimed;
  }

  /** Saves what a poll learnt and hands the feed back; nothing if the lease was lost meanwhile (another instance has it). */
  async release(path: string, update: FeedUpdate, now: Date): Promise<void> {
    await this.#prisma.eventFeed.updateMany({ where: { path, leaseOwner: this.#owner }, data: { ...update, leaseOwner: null, leaseUntil: null, updatedAt: now } });
  }

  /** Extends this instance's lease of a feed it is still reading. */
  async renew(path: string, now: Date, leaseMs: number): Promise<void> {
    await this.#prisma.eventFeed.updateMany({ where: { path, leaseOwner: this.#owner }, data: { leaseUntil: new Date(now.getTime() + leaseMs) } });
  }
}
