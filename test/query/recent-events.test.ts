import { QueryError } from "../../src/query/errors.js";
import { recentEvents } from "../../src/query/recent-events.js";
import type { Db } from "../../src/store/db.js";
import { testDatabases } from "../support/databases.js";
import { WORLD } from "../support/query-world.js";
import { EVERYTHING, ids, minute, scope, store, storeAll } from "../support/stored-events.js";

const databases = await testDatabases();

const newestFirst = (predicate: (spec: (typeof WORLD)[number]) => boolean) =>
  WORLD.filter(predicate)
    .sort((a, b) => b.at.getTime() - a.at.getTime())
    .map((spec) => spec.id);

describe.each(databases)("recentEvents on $name", (database) => {
  let db: Db;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    ({ db, drop } = await database.create());
    await storeAll(db, WORLD);
  });
  afterAll(() => drop());

  const recent = async (filter: Parameters<typeof recentEvents>[2], limit = 100) => ids((await recentEvents(db, EVERYTHING, filter, { limit })).events);

  test("lists newest first, with ids and the normalized events", async () => {
    const page = await recentEvents(db, EVERYTHING, {}, { limit: 3 });
    expect(ids(page.events)).toEqual(["globex-web-star", "acme-secret-pr-4-opened", "acme-release"]);
    expect(page.events[1]!.event).toMatchObject({
      event_type: "pull_request",
      action: "opened",
      repository: { full_name: "Acme/Secret", private: true },
      subject: { number: 4, title: "Zebra migration" },
    });
    expect(page.events[0]!.id).toBeGreaterThan(page.events[1]!.id);
    expect(page.nextCursor).toEqual(expect.any(String));
  });

  test("filters by repository and actor in any spelling", async () => {
    const acmeApi = newestFirst((spec) => spec.repository === "Acme/API");
    expect(acmeApi).toHaveLength(7);
    expect(await recent({ repository: "acme/api" })).toEqual(acmeApi);
    expect(await recent({ repository: "ACME/Api" })).toEqual(acmeApi);
    const carol = newestFirst((spec) => spec.actor === "Carol");
    expect(carol).toHaveLength(3);
    expect(await recent({ actor: "CAROL" })).toEqual(carol);
    expect(await recent({ actor: "@carol" })).toEqual(carol);
  });

  test("filters by event type, action and period, and combines every filter", async () => {
    expect(await recent({ eventType: "pull_request" })).toEqual(["acme-secret-pr-4-opened", "acme-pr-7-merged", "globex-web-pr-1-opened", "acme-pr-7-opened"]);
    expect(await recent({ eventType: "pull_request", action: "opened" })).toEqual(["acme-secret-pr-4-opened", "globex-web-pr-1-opened", "acme-pr-7-opened"]);
    expect(await recent({ action: "member_added" })).toEqual(["globex-org-member", "acme-org-member"]);
    expect(await recent({ since: minute(4), until: minute(7) })).toEqual(["globex-internal-issue-2", "acme-org-member", "acme-pr-7-comment"]);
    expect(await recent({ repository: "acme/api", actor: "alice", eventType: "pull_request", action: "opened", since: minute(0), until: minute(1) })).toEqual(["acme-pr-7-opened"]);
    expect(await recent({ repository: "acme/api", actor: "alice", eventType: "pull_request", action: "opened", since: minute(1) })).toEqual([]);
    expect(await recent({ repository: "acme/api", actor: "carol" })).toEqual([]);
  });

  test("rejects what it cannot read, saying what to pass instead", async () => {
    await expect(recentEvents(db, EVERYTHING, {}, { limit: 10, cursor: "not-a-cursor" })).rejects.toThrow(
      new QueryError("cursor is not one this server issued; omit it to start from the newest events."),
    );
    const forged = Buffer.from("12:34:56").toString("base64url");
    await expect(recentEvents(db, EVERYTHING, {}, { limit: 10, cursor: forged })).rejects.toBeInstanceOf(QueryError);
    await expect(recentEvents(db, EVERYTHING, { repository: "acme" }, { limit: 10 })).rejects.toThrow('repository must be "owner/name", like "octo-org/hello-world"; got "acme".');
    await expect(recentEvents(db, EVERYTHING, { repository: "acme/*" }, { limit: 10 })).rejects.toBeInstanceOf(QueryError);
    await expect(recentEvents(db, EVERYTHING, { actor: "not a login" }, { limit: 10 })).rejects.toThrow(/^actor must be a GitHub login/);
    await expect(recentEvents(db, EVERYTHING, { eventType: "pull-request" }, { limit: 10 })).rejects.toThrow(/^eventType must be a webhook event name/);
    await expect(recentEvents(db, EVERYTHING, { since: minute(5), until: minute(5) }, { limit: 10 })).rejects.toThrow(/^since \(.*\) must be earlier than until/);
    await expect(recentEvents(db, EVERYTHING, { since: new Date("nonsense") }, { limit: 10 })).rejects.toThrow(/^since must be a valid date/);
  });

  test("keeps the page size between 1 and 100 whatever it is given", async () => {
    expect((await recentEvents(db, EVERYTHING, {}, { limit: 0 })).events).toHaveLength(1);
    expect((await recentEvents(db, EVERYTHING, {}, { limit: 2.7 })).events).toHaveLength(2);
    expect((await recentEvents(db, EVERYTHING, {}, { limit: 10_000 })).events).toHaveLength(WORLD.length);
  });
});

describe.each(databases)("recentEvents pages on $name", (database) => {
  let db: Db;
  let drop: () => Promise<void>;

  beforeEach(async () => {
    ({ db, drop } = await database.create());
  });
  afterEach(() => drop());

  /** `count` stars, several in the same millisecond, so only the id breaks the ties. */
  async function storeStars(prefix: string, count: number, from: number): Promise<string[]> {
    const stored: string[] = [];
    for (let i = 0; i < count; i++) {
      const id = `${prefix}-${i}`;
      await store(db, { id, name: "star", pick: (p) => p.action === "created", at: minute(from + Math.floor(i / 3)) });
      stored.push(id);
    }
    return stored;
  }

  async function allPages(limit: number, filter = {}, caller = EVERYTHING): Promise<string[][]> {
    const pages: string[][] = [];
    let cursor: string | undefined;
    do {
      const page = await recentEvents(db, caller, filter, { limit, ...(cursor ? { cursor } : {}) });
      pages.push(ids(page.events));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return pages;
  }

  test("pages cover every event once, in order, across ties in time; the last page has no cursor", async () => {
    const stored = await storeStars("star", 23, 0);
    const pages = await allPages(4);
    expect(pages.map((page) => page.length)).toEqual([4, 4, 4, 4, 4, 3]);
    expect(pages.flat()).toEqual([...stored].reverse());
    expect(await allPages(23)).toEqual([[...stored].reverse()]);
  });

  test("a cursor stays valid while new events arrive: the next page continues where the last ended", async () => {
    const stored = await storeStars("old", 10, 0);
    const first = await recentEvents(db, EVERYTHING, {}, { limit: 4 });
    await storeStars("new", 5, 100);
    const second = await recentEvents(db, EVERYTHING, {}, { limit: 4, cursor: first.nextCursor! });
    const rest = await recentEvents(db, EVERYTHING, {}, { limit: 10, cursor: second.nextCursor! });
    expect([...ids(first.events), ...ids(second.events), ...ids(rest.events)]).toEqual([...stored].reverse());
    expect(rest.nextCursor).toBeNull();
  });

  test("a scope of several patterns pages like one: every visible event once, in order, ties included", async () => {
    const repositories = ["Acme/API", "Acme/Web", "Globex/Web", "Initech/Tps"];
    const stored: { id: string; repository: string }[] = [];
    for (let i = 0; i < 24; i++) {
      const repository = repositories[i % repositories.length]!;
      const id = `star-${i}`;
      await store(db, { id, name: "star", pick: (p) => p.action === "created", repository, at: minute(Math.floor(i / 5)) });
      stored.push({ id, repository });
    }
    const caller = scope(["acme/*", "Acme/API", "globex/web"]);
    const visible = stored
      .filter(({ repository }) => repository !== "Initech/Tps")
      .map(({ id }) => id)
      .reverse();
    const pages = await allPages(5, {}, caller);
    expect(pages.flat()).toEqual(visible);
    expect(pages.map((page) => page.length)).toEqual([5, 5, 5, 3]);
    const twoRepositories = await allPages(5, { eventType: "star" }, scope(["acme/web", "globex/web"]));
    expect(twoRepositories.flat()).toEqual(
      stored
        .filter(({ repository }) => ["Acme/Web", "Globex/Web"].includes(repository))
        .map(({ id }) => id)
        .reverse(),
    );
    expect(twoRepositories.map((page) => page.length)).toEqual([5, 5, 2]);
  });

  test("a filter and a cursor work together", async () => {
    await storeStars("star", 6, 0);
    await store(db, { id: "pr-a", name: "pull_request", pick: (p) => p.action === "opened", number: 1, at: minute(0) });
    await store(db, { id: "pr-b", name: "pull_request", pick: (p) => p.action === "opened", number: 2, at: minute(1) });
    await store(db, { id: "pr-c", name: "pull_request", pick: (p) => p.action === "opened", number: 3, at: minute(5) });
    expect(await allPages(2, { eventType: "pull_request" })).toEqual([["pr-c", "pr-b"], ["pr-a"]]);
  });
});
