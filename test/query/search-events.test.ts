import { QueryError } from "../../src/query/errors.js";
import { searchEvents } from "../../src/query/search-events.js";
import type { Db } from "../../src/store/db.js";
import { testDatabases } from "../support/databases.js";
import { EVERYTHING, ids, minute, scope, store, storeMany } from "../support/stored-events.js";

const databases = await testDatabases();
const opened = (payload: Record<string, unknown>) => payload.action === "opened";

describe.each(databases)("searchEvents on $name", (database) => {
  let db: Db;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    ({ db, drop } = await database.create());
    await store(db, { id: "pr-title", name: "pull_request", pick: opened, number: 1, title: "Add dark mode toggle", actor: "Alice", at: minute(0) });
    await store(db, {
      id: "issue-body",
      name: "issues",
      pick: opened,
      number: 2,
      title: "Checkout is slow",
      actor: "Bob",
      at: minute(1),
      change: (p) => (p.issue.body = "The payment widget shows a spinner forever."),
    });
    await store(db, {
      id: "commit-message",
      name: "push",
      pick: (p) => Array.isArray(p.commits) && p.commits.length > 0,
      actor: "Carol",
      at: minute(2),
      change: (p) => (p.commits[0].message = "Cache the exchange rates\n\nAvoids a spinner on checkout."),
    });
    await store(db, {
      id: "comment-body",
      name: "issue_comment",
      pick: (p) => p.action === "created",
      number: 2,
      title: "Checkout is slow",
      actor: "Dave",
      at: minute(3),
      change: (p) => (p.comment.body = "Reproduced: the spinner appears on Safari only."),
    });
    await store(db, {
      id: "private-title",
      name: "pull_request",
      pick: opened,
      repository: "Octo-Org/Vault",
      private: true,
      number: 9,
      title: "Dark launch of the spinner",
      at: minute(4),
    });
  });
  afterAll(() => drop());

  const search = async (query: string, filter = {}, caller = EVERYTHING) => ids((await searchEvents(db, caller, query, filter, { limit: 50 })).events);

  test("finds words in titles, bodies, commit messages, comments and summaries, newest first", async () => {
    expect(await search("toggle")).toEqual(["pr-title"]);
    expect(await search("widget")).toEqual(["issue-body"]);
    expect(await search("exchange")).toEqual(["commit-message"]);
    expect(await search("safari")).toEqual(["comment-body"]);
    expect(await search("carol")).toEqual(["commit-message"]);
    expect(await search("spinner")).toEqual(["private-title", "comment-body", "commit-message", "issue-body"]);
  });

  test("needs every word, in any case and order; a trailing * matches a prefix", async () => {
    expect(await search("SPINNER checkout")).toEqual(["comment-body", "commit-message", "issue-body"]);
    expect(await search("checkout spinner safari")).toEqual(["comment-body"]);
    expect(await search("spinner toggle")).toEqual([]);
    expect(await search("dar*")).toEqual(["private-title", "pr-title"]);
    expect(await search("exch* rates")).toEqual(["commit-message"]);
  });

  test("reads operators and punctuation as plain text, never as query syntax", async () => {
    for (const hostile of [
      '"foo OR (',
      "title:spinner",
      "NEAR(spinner checkout)",
      "spinner -checkout",
      "spinner AND",
      '"unbalanced',
      "spinner^2",
      "(spinner)",
      "'; DROP TABLE events; --",
      "spinner*checkout*",
    ]) {
      await expect(searchEvents(db, EVERYTHING, hostile, {}, { limit: 5 })).resolves.toEqual(expect.objectContaining({ events: expect.any(Array) }));
    }
    expect(await search("(spinner)")).toEqual(["private-title", "comment-body", "commit-message", "issue-body"]);
    expect(await search('"safari"')).toEqual(["comment-body"]);
  });

  test("rejects a query without a word to search for", async () => {
    for (const empty of ["", "   ", "(( ** ))", '" - "']) {
      await expect(searchEvents(db, EVERYTHING, empty, {}, { limit: 5 })).rejects.toThrow(
        new QueryError(`query must contain at least one word to search for, like "login timeout"; got ${JSON.stringify(empty)}.`),
      );
    }
  });

  test("applies filters and the scope", async () => {
    expect(await search("spinner", { actor: "bob" })).toEqual(["issue-body"]);
    expect(await search("spinner", { eventType: "pull_request" })).toEqual(["private-title"]);
    expect(await search("spinner", { since: minute(2), until: minute(4) })).toEqual(["comment-body", "commit-message"]);
    expect(await search("spinner", { repository: "OCTO-ORG/vault" })).toEqual(["private-title"]);
    expect(await search("spinner", {}, scope(["*"], false))).toEqual(["comment-body", "commit-message", "issue-body"]);
    expect(await search("spinner", {}, scope(["octo-org/vault"], false))).toEqual([]);
  });

  test("pages with a cursor and finds events stored after the last indexing", async () => {
    const first = await searchEvents(db, EVERYTHING, "spinner", {}, { limit: 3 });
    const second = await searchEvents(db, EVERYTHING, "spinner", {}, { limit: 3, cursor: first.nextCursor! });
    expect([...ids(first.events), ...ids(second.events)]).toEqual(["private-title", "comment-body", "commit-message", "issue-body"]);
    expect(second.nextCursor).toBeNull();
    await store(db, { id: "late", name: "issues", pick: opened, number: 3, title: "Another spinner", at: minute(10) });
    expect((await search("spinner"))[0]).toBe("late");
  });
});

describe.each(databases)("searchEvents far behind the newest matches on $name", (database) => {
  let db: Db;
  let drop: () => Promise<void>;

  beforeEach(async () => {
    ({ db, drop } = await database.create());
  });
  afterEach(() => drop());

  const spinner = (repository: string) => ({ name: "issues", pick: opened, repository, number: 1, title: "Spinner never stops" });

  /** Three matches in Quiet/Repo, then `unrelated` events without the word, then 2,500 newer matches in Busy/Repo. */
  async function storeBehindBusyMatches(unrelated: number): Promise<void> {
    for (let i = 1; i <= 3; i++) await store(db, { ...spinner("Quiet/Repo"), id: `quiet-${i}`, at: minute(i) });
    if (unrelated > 0) await storeMany(db, { name: "star", pick: (p) => p.action === "created" }, unrelated, minute(5));
    await storeMany(db, spinner("Busy/Repo"), 2500, minute(10));
  }

  async function expectQuietMatchesPaged(): Promise<void> {
    const first = await searchEvents(db, EVERYTHING, "spinner", { repository: "quiet/repo" }, { limit: 2 });
    expect(ids(first.events)).toEqual(["quiet-3", "quiet-2"]);
    const second = await searchEvents(db, EVERYTHING, "spinner", { repository: "quiet/repo" }, { limit: 2, cursor: first.nextCursor! });
    expect(ids(second.events)).toEqual(["quiet-1"]);
    expect(second.nextCursor).toBeNull();
  }

  // The two tests differ in how far back the quiet matches lie, which on SQLite makes the search list all older matches in one, probe the repository's events in the other.
  test("finds the few matches behind thousands of newer ones elsewhere, close behind them", async () => {
    await storeBehindBusyMatches(0);
    await expectQuietMatchesPaged();
    const busy = await searchEvents(db, EVERYTHING, "spinner", {}, { limit: 100 });
    expect(busy.events).toHaveLength(100);
    expect(busy.events[0]!.event.delivery_id).toBe(`issues-${minute(10).getTime()}-2499`);
  });

  test("finds the few matches behind thousands of newer ones elsewhere, far behind them", async () => {
    await storeBehindBusyMatches(1200);
    await expectQuietMatchesPaged();
    expect(ids((await searchEvents(db, EVERYTHING, "spinner", { repository: "quiet/repo", actor: "octocat" }, { limit: 5 })).events)).toEqual(["quiet-3", "quiet-2", "quiet-1"]);
  });

  test("finds a rare word's matches far behind the newest events, a page at a time", async () => {
    for (let i = 1; i <= 3; i++) await store(db, { ...spinner("Quiet/Repo"), id: `old-${i}`, title: "Zebra crossing", at: minute(i) });
    await storeMany(db, { name: "star", pick: (p) => p.action === "created" }, 700, minute(5));
    const first = await searchEvents(db, EVERYTHING, "zebra", {}, { limit: 2 });
    expect(ids(first.events)).toEqual(["old-3", "old-2"]);
    expect(ids((await searchEvents(db, EVERYTHING, "zebra", {}, { limit: 2, cursor: first.nextCursor! })).events)).toEqual(["old-1"]);
  });
});
