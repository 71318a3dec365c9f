import { activityDigest } from "../../src/query/activity-digest.js";
import { QueryError } from "../../src/query/errors.js";
import { MAX_LISTED_EVENTS } from "../../src/query/activity-digest.js";
import type { Db } from "../../src/store/db.js";
import { testDatabases } from "../support/databases.js";
import { WORLD } from "../support/query-world.js";
import { EVERYTHING, minute, scope, storeAll, storeMany, type Stored } from "../support/stored-events.js";

const databases = await testDatabases();
const HOUR = { since: minute(0), until: minute(60) };

describe.each(databases)("activityDigest on $name", (database) => {
  let db: Db;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    ({ db, drop } = await database.create());
    await storeAll(db, WORLD);
  });
  afterAll(() => drop());

  test("groups a period by repository: pull requests, issues, releases, pushes, failed CI, the rest by type", async () => {
    const digest = await activityDigest(db, EVERYTHING, HOUR);
    expect(digest.total_events).toBe(14);
    expect(digest.repositories.map((repository) => [repository.name, repository.events])).toEqual([
      ["Acme/API", 7],
      ["Acme/Secret", 2],
      ["Globex/Web", 2],
      ["Acme", 1],
      ["Globex", 1],
      ["Globex/Internal", 1],
    ]);
    expect(digest.repositories[0]).toEqual({
      name: "Acme/API",
      events: 7,
      pull_requests: {
        opened: { count: 1, items: [{ number: 7, title: "Add dark mode toggle", by: "Alice" }] },
        merged: { count: 1, items: [{ number: 7, title: "Add dark mode toggle", by: "Bob" }] },
      },
      issues: {
        opened: { count: 1, items: [{ number: 3, title: "Login fails with timeout", by: "Bob" }] },
        closed: { count: 1, items: [{ number: 3, title: "Login fails with timeout", by: "Alice" }] },
      },
      releases: { count: 1, items: [{ tag: "0.0.1", by: "Alice" }] },
      failed_ci: { count: 1, items: [{ kind: "workflow_run", name: "CI", branch: "dark-mode", conclusion: "failure", failures: 1 }] },
      other: { issue_comment: 1 },
      filter: { repository: "Acme/API" },
    });
    expect(digest.repositories[1]).toEqual({
      name: "Acme/Secret",
      events: 2,
      pull_requests: { opened: { count: 1, items: [{ number: 4, title: "Zebra migration", by: "Bob" }] } },
      pushes: { count: 1, commits: 0, branches: { count: 1, items: [{ branch: "tag simple-tag", pushes: 1, commits: 0 }] } },
      filter: { repository: "Acme/Secret" },
    });
    expect(digest.repositories[3]).toEqual({ name: "Acme", events: 1, other: { organization: 1 } });
    expect(digest).toMatchObject({ since: minute(0).toISOString(), until: minute(60).toISOString(), drill_down: expect.stringContaining("recent events with its filter") });
    expect(digest).not.toHaveProperty("capped");
    expect(digest).not.toHaveProperty("other_repositories");
  });

  test("covers only the scope, the period and the repository asked for", async () => {
    const publicAcme = await activityDigest(db, scope(["acme/*"], false), HOUR);
    expect(publicAcme.repositories.map((repository) => repository.name)).toEqual(["Acme/API", "Acme"]);
    const early = await activityDigest(db, EVERYTHING, { since: minute(0), until: minute(2), repository: "acme/API" });
    expect(early).toMatchObject({ total_events: 2, repositories: [{ name: "Acme/API", events: 2 }] });
    expect(early.repositories[0]).not.toHaveProperty("releases");
  });

  test("refuses a period that is empty, reversed or longer than 31 days", async () => {
    await expect(activityDigest(db, EVERYTHING, { since: minute(5), until: minute(0) })).rejects.toBeInstanceOf(QueryError);
    await expect(activityDigest(db, EVERYTHING, { since: minute(0), until: minute(32 * 24 * 60) })).rejects.toThrow(/at most 31 days/);
  });
});

describe.each(databases)("activityDigest of a busy day on $name", (database) => {
  let db: Db;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    ({ db, drop } = await database.create());
  });
  afterAll(() => drop());

  test("stays within about 2,000 tokens: lists cut with `more`, counts exact, quiet repositories counted", async () => {
    const specs: Stored[] = [];
    for (let r = 0; r < 14; r++) {
      const repository = `Busy/Repo-${r}`;
      for (let n = 1; n <= 8; n++) {
        const title = `Change number ${n} of repository ${r}, with a title long enough to need cutting at eighty characters`;
        specs.push({
          id: `${r}-${n}-merged`,
          name: "pull_request",
          pick: (p) => p.action === "closed",
          repository,
          number: n,
          title,
          at: minute(r),
          change: (p) => (p.pull_request.merged = true),
        });
        specs.push({ id: `${r}-${n}-opened`, name: "issues", pick: (p) => p.action === "opened", repository, number: 100 + n, title, at: minute(r) });
        specs.push({
          id: `${r}-${n}-ci`,
          name: "check_run",
          pick: (p) => p.action === "completed" && (p.check_run as { conclusion: string }).conclusion === "failure",
          repository,
          at: minute(r),
        });
      }
    }
    await storeAll(db, specs);
    const digest = await activityDigest(db, EVERYTHING, HOUR);
    expect(JSON.stringify(digest).length).toBeLessThan(7000);
    expect(digest.total_events).toBe(14 * 24);
    expect(digest.repositories).toHaveLength(10);
    expect(Object.keys(digest.other_repositories!)).toHaveLength(4);
    expect(Object.values(digest.other_repositories!)).toEqual([24, 24, 24, 24]);
    const first = digest.repositories[0]!;
    expect(first.pull_requests!.merged).toMatchObject({ count: 8, more: 6 });
    expect(first.pull_requests!.merged!.items).toHaveLength(2);
    expect(first.pull_requests!.merged!.items![0]!.title).toHaveLength(60);
    expect(first.failed_ci).toMatchObject({ count: 8, items: [{ kind: "check_run", failures: 8 }] });
    const shown = digest.repositories.flatMap((repository) => [
      ...(repository.pull_requests?.merged?.items ?? []),
      ...(repository.issues?.opened?.items ?? []),
      ...(repository.failed_ci?.items ?? []),
    ]);
    // A first round of 2 per list: merged pull requests everywhere, then failed CI, and the budget of 30 is spent.
    expect(shown).toHaveLength(30);
    const shownOf = (list: (repository: (typeof digest.repositories)[number]) => { items?: unknown[] } | undefined) =>
      digest.repositories.map((repository) => list(repository)?.items?.length ?? 0);
    expect(shownOf((repository) => repository.pull_requests?.merged)).toEqual([2, 2, 2, 2, 2, 2, 2, 2, 2, 2]);
    expect(shownOf((repository) => repository.failed_ci)).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
    expect(shownOf((repository) => repository.issues?.opened)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(digest.repositories[0]!.issues!.opened).toEqual({ count: 8 });
  });

  test("counts the unlisted events by type: the five most frequent, then the rest summed", async () => {
    const types = ["star", "star", "star", "watch", "watch", "fork", "label", "milestone", "member", "gollum"];
    await storeAll(
      db,
      types.map((name, i) => ({ id: `other-${i}`, name, repository: "Varied/Repo", at: minute(300 + i) })),
    );
    const digest = await activityDigest(db, EVERYTHING, { since: minute(300), until: minute(360) });
    expect(digest.repositories).toEqual([
      {
        name: "Varied/Repo",
        events: 10,
        other: { star: 3, watch: 2, fork: 1, gollum: 1, label: 1 },
        other_more: { types: 2, events: 2 },
        filter: { repository: "Varied/Repo" },
      },
    ]);
  });

  test("reads at most the newest 5,000 listed events of a period and says so; counts stay exact", async () => {
    await storeMany(db, { name: "push" }, MAX_LISTED_EVENTS + 5, minute(120));
    const digest = await activityDigest(db, EVERYTHING, { since: minute(120), until: minute(180) });
    expect(digest.total_events).toBe(MAX_LISTED_EVENTS + 5);
    expect(digest.repositories[0]).toMatchObject({ events: MAX_LISTED_EVENTS + 5, pushes: { count: MAX_LISTED_EVENTS } });
    expect(digest.capped).toEqual({ listed_events: MAX_LISTED_EVENTS + 5, read: MAX_LISTED_EVENTS, note: expect.stringContaining("newest 5000 of 5005") });
  });
});
