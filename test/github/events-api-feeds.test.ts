import { FeedStore } from "../../src/github/events-api/feed-store.js";
import { nextPollAfterAnswer, nextPollAfterFailure } from "../../src/github/events-api/poll-schedule.js";
import type { Db } from "../../src/store/db.js";
import { testDatabases } from "../support/databases.js";

const databases = await testDatabases();
const now = new Date("2026-12-01T12:00:00Z");
const at = (seconds: number) => new Date(now.getTime() + seconds * 1000);
const epoch = (date: Date) => String(date.getTime() / 1000);

describe("when a feed may be read again", () => {
  test("after an answer: X-Poll-Interval or our minimum, whichever is longer", () => {
    expect(nextPollAfterAnswer({ "x-poll-interval": "60" }, now, 30_000)).toEqual(at(60));
    expect(nextPollAfterAnswer({ "x-poll-interval": "60" }, now, 120_000)).toEqual(at(120));
    expect(nextPollAfterAnswer({}, now, 30_000)).toEqual(at(30));
  });

  test("after an answer with the quota down to its last tenth: not before the reset", () => {
    const headers = { "x-poll-interval": "60", "x-ratelimit-limit": "5000", "x-ratelimit-remaining": "500", "x-ratelimit-reset": epoch(at(900)) };
    expect(nextPollAfterAnswer(headers, now, 30_000)).toEqual(at(900));
    expect(nextPollAfterAnswer({ ...headers, "x-ratelimit-remaining": "501" }, now, 30_000)).toEqual(at(60));
  });

  test("after a failure: Retry-After (seconds or a date), the quota's reset, else five intervals", () => {
    expect(nextPollAfterFailure({ "retry-after": "120" }, now, 60_000)).toEqual(at(120));
    expect(nextPollAfterFailure({ "retry-after": at(300).toUTCString() }, now, 60_000)).toEqual(at(300));
    expect(nextPollAfterFailure({ "retry-after": "1" }, now, 60_000)).toEqual(at(60));
    expect(nextPollAfterFailure({ "x-ratelimit-remaining": "0", "x-ratelimit-reset": epoch(at(1800)) }, now, 60_000)).toEqual(at(1800));
    expect(nextPollAfterFailure({}, now, 60_000)).toEqual(at(300));
    expect(nextPollAfterFailure(undefined, now, 60_000)).toEqual(at(300));
  });
});

describe.each(databases)("feed leases ($name)", (database) => {
  let db: Db;
  let drop: () => Promise<void>;
  beforeEach(async () => ({ db, drop } = await database.create()));
  afterEach(async () => drop());

  const feeds = [
    { path: "/orgs/octo-org/events", installationId: 7 },
    { path: "/repos/octo-org/hello/events", installationId: 7 },
  ];

  test("a feed claimed by one instance is not given to another until its lease runs out; the late release of the first changes nothing", async () => {
    const a = new FeedStore(db.prisma, "a");
    const b = new FeedStore(db.prisma, "b");
    await a.sync(feeds, now);
    expect((await a.claimDue(now, 300_000, 10)).map((feed) => feed.path)).toEqual(feeds.map((feed) => feed.path));
    expect(await b.claimDue(at(299), 300_000, 10)).toEqual([]);
    const taken = await b.claimDue(at(301), 300_000, 10);
    expect(taken.map((feed) => feed.path)).toEqual(feeds.map((feed) => feed.path));
    await a.release(feeds[0]!.path, { etag: '"stale"', lastEventId: "1", nextPollAt: at(360), lastError: null }, at(302));
    expect(await db.prisma.eventFeed.findUniqueOrThrow({ where: { path: feeds[0]!.path } })).toMatchObject({ etag: null, leaseOwner: "b" });
    await b.release(feeds[0]!.path, { etag: '"fresh"', lastEventId: "2", nextPollAt: at(400), lastError: null }, at(303));
    expect(await db.prisma.eventFeed.findUniqueOrThrow({ where: { path: feeds[0]!.path } })).toMatchObject({
      etag: '"fresh"',
      lastEventId: "2",
      leaseOwner: null,
      leaseUntil: null,
    });
    expect(await a.claimDue(at(399), 300_000, 10)).toEqual([]);
    expect((await a.claimDue(at(400), 300_000, 10)).map((feed) => feed.path)).toEqual([feeds[0]!.path]);
  });

  test("a renewed lease holds past its first term", async () => {
    const a = new FeedStore(db.prisma, "a");
    const b = new FeedStore(db.prisma, "b");
    await a.sync(feeds.slice(0, 1), now);
    await a.claimDue(now, 300_000, 10);
    await a.renew(feeds[0]!.path, at(240), 300_000);
    expect(await b.claimDue(at(400), 300_000, 10)).toEqual([]);
    expect(await b.claimDue(at(541), 300_000, 10)).toHaveLength(1);
  });

  test("a repository gone from the installations is no longer polled, and its state is kept should it come back", async () => {
    const store = new FeedStore(db.prisma, "a");
    await store.sync(feeds, now);
    await store.claimDue(now, 300_000, 10);
    await store.release(feeds[1]!.path, { etag: '"e"', lastEventId: "42", nextPollAt: now, lastError: null }, now);
    await store.release(feeds[0]!.path, { etag: null, lastEventId: null, nextPollAt: now, lastError: null }, now);
    await store.sync(feeds.slice(0, 1), now);
    expect((await store.claimDue(at(1), 300_000, 10)).map((feed) => feed.path)).toEqual([feeds[0]!.path]);
    await store.sync(feeds, at(2));
    expect(await store.claimDue(at(3), 300_000, 10)).toEqual([{ ...feeds[1], etag: '"e"', lastEventId: "42" }]);
  });
});
