import { QueryError } from "../../src/query/errors.js";
import { threadEvents } from "../../src/query/thread-events.js";
import type { Db } from "../../src/store/db.js";
import { testDatabases } from "../support/databases.js";
import { WORLD } from "../support/query-world.js";
import { EVERYTHING, ids, minute, store, storeAll } from "../support/stored-events.js";

const databases = await testDatabases();

describe.each(databases)("threadEvents on $name", (database) => {
  let db: Db;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    ({ db, drop } = await database.create());
    await storeAll(db, WORLD);
    // Same number in another repository: not part of the thread.
    await store(db, { id: "globex-web-pr-7", name: "pull_request", pick: (p) => p.action === "opened", repository: "Globex/Web", number: 7, at: minute(20) });
  });
  afterAll(() => drop());

  test("returns the whole story of a pull request in time order: opened, comment, CI, merged", async () => {
    const thread = await threadEvents(db, EVERYTHING, "ACME/api", 7);
    expect(ids(thread.events)).toEqual(["acme-pr-7-opened", "acme-pr-7-comment", "acme-pr-7-ci-failed", "acme-pr-7-merged"]);
    expect(thread.events.map((record) => record.event.event_type)).toEqual(["pull_request", "issue_comment", "workflow_run", "pull_request"]);
    expect(thread.truncated).toBe(false);
    expect(ids((await threadEvents(db, EVERYTHING, "acme/api", 3)).events)).toEqual(["acme-issue-3-opened", "acme-issue-3-closed"]);
  });

  test("bounds a long thread to the limit and says so", async () => {
    const thread = await threadEvents(db, EVERYTHING, "acme/api", 7, { limit: 2 });
    expect(ids(thread.events)).toEqual(["acme-pr-7-opened", "acme-pr-7-comment"]);
    expect(thread.truncated).toBe(true);
    expect((await threadEvents(db, EVERYTHING, "acme/api", 7, { limit: 4 })).truncated).toBe(false);
  });

  test("an unknown thread is empty; a malformed repository or number is refused", async () => {
    expect(await threadEvents(db, EVERYTHING, "acme/api", 99)).toEqual({ events: [], truncated: false });
    await expect(threadEvents(db, EVERYTHING, "acme", 7)).rejects.toBeInstanceOf(QueryError);
    await expect(threadEvents(db, EVERYTHING, "acme/api", 0)).rejects.toThrow(/^number must be an issue, pull request or discussion number/);
    await expect(threadEvents(db, EVERYTHING, "acme/api", 1.5)).rejects.toBeInstanceOf(QueryError);
  });
});
