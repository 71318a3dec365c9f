import { QueryError } from "../../src/query/errors.js";
import { markEventsRead } from "../../src/query/mark-events-read.js";
import { unreadEvents } from "../../src/query/unread-events.js";
import { FIRST_READ_WINDOW_MS, SETTLE_MS } from "../../src/query/unread-events.js";
import type { Db } from "../../src/store/db.js";
import { testDatabases } from "../support/databases.js";
import { EVERYTHING, ids, minute, scope, store } from "../support/stored-events.js";

const databases = await testDatabases();
const NOW = minute(60);
const star = (id: string, at: Date, repository = "Acme/API", isPrivate = false) => ({
  id,
  name: "star",
  pick: (p: Record<string, unknown>) => p.action === "created",
  repository,
  private: isPrivate,
  at,
});

describe.each(databases)("read cursors on $name", (database) => {
  let db: Db;
  let drop: () => Promise<void>;

  beforeEach(async () => {
    ({ db, drop } = await database.create());
  });
  afterEach(() => drop());

  const storeStars = async (prefix: string, count: number, from: number) => {
    const stored: string[] = [];
    for (let i = 0; i < count; i++) {
      await store(db, star(`${prefix}-${i}`, minute(from + i)));
      stored.push(`${prefix}-${i}`);
    }
    return stored;
  };
  const unread = (consumer: string, limit = 100, caller = EVERYTHING, now = NOW) => unreadEvents(db, caller, consumer, { limit, now });

  /** Reads and marks in pages until nothing is left, as an agent would; returns what it saw. */
  async function drain(consumer: string, limit: number, caller = EVERYTHING): Promise<string[]> {
    const seen: string[] = [];
    for (let guard = 0; guard < 100; guard++) {
      const page = await unread(consumer, limit, caller);
      seen.push(...ids(page.events));
      await markEventsRead(db, caller, consumer, page.cursor);
      if (!page.remaining) return seen;
    }
    throw new Error("never drained");
  }

  test("a first read starts with the last 24 hours, oldest first, and reading does not move the cursor", async () => {
    await store(db, star("day-old", new Date(NOW.getTime() - FIRST_READ_WINDOW_MS - 60_000)));
    const recent = await storeStars("recent", 3, 0);
    const first = await unread("agent");
    expect(ids(first.events)).toEqual(recent);
    expect(first.cursor).toBe(first.events.at(-1)!.id);
    expect(first.remaining).toBe(false);
    expect(ids((await unread("agent")).events)).toEqual(recent);
  });

  test("nothing twice, nothing skipped: pages of unread events, marked as read, cover every event once", async () => {
    const before = await storeStars("before", 7, 0);
    const firstPage = await unread("agent", 3);
    expect(firstPage).toMatchObject({ remaining: true });
    expect(ids(firstPage.events)).toEqual(before.slice(0, 3));
    await markEventsRead(db, EVERYTHING, "agent", firstPage.cursor);
    const after = await storeStars("after", 4, 20);
    expect(await drain("agent", 3)).toEqual([...before.slice(3), ...after]);
    const nothing = await unread("agent");
    expect(nothing).toEqual({ events: [], cursor: firstPage.cursor + before.length - 3 + after.length, remaining: false });
  });

  test("a cursor never moves back, and cannot move past the newest event", async () => {
    await storeStars("star", 5, 0);
    const all = await unread("agent");
    const [, second, , fourth] = all.events.map((record) => record.id);
    expect(await markEventsRead(db, EVERYTHING, "agent", fourth!)).toEqual({ cursor: fourth });
    expect(await markEventsRead(db, EVERYTHING, "agent", second!)).toEqual({ cursor: fourth });
    expect(ids((await unread("agent")).events)).toEqual(["star-4"]);
    const newest = all.cursor;
    await expect(markEventsRead(db, EVERYTHING, "agent", newest + 1)).rejects.toThrow(
      new QueryError(`up_to_id ${newest + 1} is beyond the newest event (${newest}); pass the cursor returned with unread events.`),
    );
    await expect(markEventsRead(db, EVERYTHING, "agent", -1)).rejects.toBeInstanceOf(QueryError);
    await expect(markEventsRead(db, EVERYTHING, "agent", 1.5)).rejects.toBeInstanceOf(QueryError);
    await expect(unread(" ")).rejects.toThrow(/^consumer must be a name/);
  });

  test("each consumer of each token has its own cursor", async () => {
    const stored = await storeStars("star", 4, 0);
    const page = await unread("triage", 2);
    await markEventsRead(db, EVERYTHING, "triage", page.cursor);
    expect(ids((await unread("triage")).events)).toEqual(stored.slice(2));
    expect(ids((await unread("reviewer")).events)).toEqual(stored);
    const otherToken = scope(["*"], true, "other-token");
    expect(ids((await unreadEvents(db, otherToken, "triage", { limit: 100, now: NOW })).events)).toEqual(stored);
    await markEventsRead(db, otherToken, "triage", (await unread("triage")).cursor);
    expect(ids((await unread("triage")).events)).toEqual(stored.slice(2));
  });

  test("only events in the scope and the filter are handed out; marking moves past the others", async () => {
    await store(db, star("public", minute(0)));
    await store(db, star("private", minute(1), "Acme/Secret", true));
    await store(db, { id: "pr", name: "pull_request", pick: (p) => p.action === "opened", repository: "Acme/API", number: 1, at: minute(2) });
    await store(db, star("other-owner", minute(3), "Globex/Web"));
    const publicAcme = scope(["acme/*"], false);
    expect(ids((await unread("agent", 100, publicAcme)).events)).toEqual(["public", "pr"]);
    const stars = await unreadEvents(db, publicAcme, "stars-only", { limit: 100, filter: { eventType: "star" }, now: NOW });
    expect(ids(stars.events)).toEqual(["public"]);
    await markEventsRead(db, publicAcme, "stars-only", stars.cursor);
    await store(db, star("later", minute(4)));
    expect(ids((await unreadEvents(db, publicAcme, "stars-only", { limit: 100, filter: { eventType: "star" }, now: NOW })).events)).toEqual(["later"]);
  });

  test("on PostgreSQL, events younger than the settle window wait, and so does everything after them", async () => {
    const now = minute(30);
    const settled = new Date(now.getTime() - SETTLE_MS - 1000);
    await store(db, star("settled", settled));
    await store(db, star("fresh", new Date(now.getTime() - 1000)));
    // Stored after "fresh" (a higher id) with an older receive time: a slow transaction's row.
    await store(db, star("late-commit", settled));
    const page = await unread("agent", 100, EVERYTHING, now);
    if (db.provider === "postgres") {
      expect(ids(page.events)).toEqual(["settled"]);
      expect(page.remaining).toBe(true);
    } else {
      expect(ids(page.events)).toEqual(["settled", "fresh", "late-commit"]);
      expect(page.remaining).toBe(false);
    }
    const later = await unread("agent", 100, EVERYTHING, new Date(now.getTime() + SETTLE_MS));
    expect(ids(later.events)).toEqual(["settled", "fresh", "late-commit"]);
  });
});
