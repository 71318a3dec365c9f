import { scopeAllows, scopeBranches, scopeColumnsOf, type Scope } from "../../src/auth/scope.js";
import { matchesRules, rulesSchema } from "../../src/delivery/rules.js";
import type { NormalizedEvent } from "../../src/normalize/types.js";
import { activityDigest } from "../../src/query/activity-digest.js";
import { eventByDeliveryId } from "../../src/query/event-by-delivery-id.js";
import { eventStats } from "../../src/query/event-stats.js";
import { listRepositories } from "../../src/query/list-repositories.js";
import { recentEvents } from "../../src/query/recent-events.js";
import { searchEvents } from "../../src/query/search-events.js";
import { threadEvents } from "../../src/query/thread-events.js";
import { unreadEvents } from "../../src/query/unread-events.js";
import type { Db } from "../../src/store/db.js";
import { testDatabases } from "../support/databases.js";
import { scopedColumns, WORLD } from "../support/query-world.js";
import { ids, minute, scope, storeAll } from "../support/stored-events.js";

const databases = await testDatabases();

/** Every kind of pattern, alone and combined, with and without private events, in the spellings a token may use. */
const SCOPES: Scope[] = [
  scope(["*"]),
  scope(["*"], false),
  scope(["acme/*"]),
  scope(["ACME/*"], false),
  scope(["Acme/API"]),
  scope(["acme/secret"]),
  scope(["acme/secret"], false),
  scope(["globex/web", "Acme/*"]),
  scope(["globex/*", "acme/api"], false),
  scope(["globex/internal", "globex/web", "acme/api"]),
  scope(["nobody/*", "nobody/nothing"]),
  scope(["acme/*", "Acme/API", "globex/web"]),
  scope([]),
];

const label = (s: Scope) => `${JSON.stringify(s.repositories)}${s.allowPrivate ? " with private" : ""}`;
const newestFirst = (specs: typeof WORLD) => [...specs].sort((a, b) => b.at.getTime() - a.at.getTime()).map((spec) => spec.id);

/**
 * The one scope rule (src/auth/scope.ts) in every place it is applied: the SQL
 * of every query (scopeCondition, with scopeBranches and the driver's use of
 * scopePatterns), and in memory for live notifications (scopeAllows over
 * scopeColumnsOf) and push rules (matchesRules), all checked against the same
 * expectation, which scopeColumnsOf must give for the events as stored.
 */
describe.each(databases)("every query applies the scope exactly as scopeAllows does, on $name", (database) => {
  let db: Db;
  let drop: () => Promise<void>;
  /** The events as the store holds them, by delivery id. */
  const stored = new Map<string, { event: NormalizedEvent; columns: { repository: string | null; owner: string | null; private: boolean } }>();
  const visibleTo = (s: Scope) => WORLD.filter((spec) => scopeAllows(s, scopeColumnsOf(stored.get(spec.id)!.event)));

  beforeAll(async () => {
    ({ db, drop } = await database.create());
    await storeAll(db, WORLD);
    const rows = await db.prisma.event.findMany({ select: { deliveryId: true, event: true, repository: true, owner: true, private: true } });
    for (const row of rows)
      stored.set(row.deliveryId, { event: JSON.parse(row.event) as NormalizedEvent, columns: { repository: row.repository, owner: row.owner, private: row.private } });
  });
  afterAll(() => drop());

  test("scopeColumnsOf gives the columns the store wrote, which are the world's repositories, owners and visibility", () => {
    for (const spec of WORLD) {
      const { event, columns } = stored.get(spec.id)!;
      expect({ id: spec.id, ...scopeColumnsOf(event) }).toEqual({ id: spec.id, ...columns });
      expect({ id: spec.id, ...columns }).toEqual({ id: spec.id, ...scopedColumns(spec) });
    }
  });

  test("push rules with a scope's repositories and visibility match exactly its visible events (rules name one at least)", () => {
    for (const caller of SCOPES.filter((s) => s.repositories.length > 0)) {
      const rules = rulesSchema.parse({ repositories: caller.repositories, includePrivate: caller.allowPrivate, includeBots: true });
      const matching = WORLD.filter((spec) => matchesRules(rules, stored.get(spec.id)!.event));
      expect({ scope: label(caller), matching: matching.map((spec) => spec.id) }).toEqual({ scope: label(caller), matching: visibleTo(caller).map((spec) => spec.id) });
    }
  });

  test("the cases cover each pattern kind: some see nothing, some everything, some a part", () => {
    const sizes = SCOPES.map((s) => visibleTo(s).length);
    expect(sizes).toContain(0);
    expect(sizes).toContain(WORLD.length);
    expect(sizes.filter((size) => size > 0 && size < WORLD.length).length).toBeGreaterThanOrEqual(8);
  });

  describe.each(SCOPES.map((s) => [label(s), s] as const))("scope %s", (_, caller) => {
    const expected = () => visibleTo(caller);

    test("recentEvents and unreadEvents return exactly the visible events", async () => {
      const page = await recentEvents(db, caller, {}, { limit: 100 });
      expect(ids(page.events)).toEqual(newestFirst(expected()));
      const unread = await unreadEvents(db, caller, "scope-test", { limit: 100, now: minute(60) });
      expect(ids(unread.events)).toEqual([...newestFirst(expected())].reverse());
    });

    test("eventByDeliveryId finds visible events only, payload included", async () => {
      for (const spec of WORLD) {
        const found = await eventByDeliveryId(db, caller, spec.id, { includePayload: true });
        expect({ id: spec.id, found: found?.event.delivery_id ?? null }).toEqual({ id: spec.id, found: expected().includes(spec) ? spec.id : null });
      }
    });

    test("searchEvents finds visible events only", async () => {
      for (const word of ["alice", "zebra"]) {
        const found = await searchEvents(db, caller, word, {}, { limit: 100 });
        // Summaries name the actor, except a workflow run's ("Workflow "CI" run #… failed on dark-mode").
        const matching = expected().filter((spec) => (word === "alice" ? spec.actor === "Alice" && spec.name !== "workflow_run" : /zebra/i.test(spec.title ?? "")));
        expect(ids(found.events)).toEqual(newestFirst(matching));
      }
    });

    test("eventStats, listRepositories and activityDigest count visible events only", async () => {
      const visible = expected();
      const stats = await eventStats(db, caller);
      expect(stats.total_events).toBe(visible.length);
      const repositories = [...new Set(visible.map((spec) => scopedColumns(spec).repository).filter((name) => name !== null))].sort();
      expect(Object.keys(stats.repositories).sort()).toEqual(repositories);
      expect((await listRepositories(db, caller)).map((repository) => repository.full_name.toLowerCase()).sort()).toEqual(repositories);
      const digest = await activityDigest(db, caller, { since: minute(0), until: minute(60) });
      expect(digest.total_events).toBe(visible.length);
    });

    test("a scope's branches together see exactly what it sees, each event once", () => {
      const seen = scopeBranches(caller).flatMap((branch) => visibleTo(branch).map((spec) => spec.id));
      expect(seen.sort()).toEqual(
        expected()
          .map((spec) => spec.id)
          .sort(),
      );
    });

    test("threadEvents returns a thread only where the repository is visible", async () => {
      const [acmeApi, acmeSecret, globexInternal] = await Promise.all([
        threadEvents(db, caller, "acme/api", 7),
        threadEvents(db, caller, "acme/secret", 4),
        threadEvents(db, caller, "globex/internal", 2),
      ]);
      const threadOf = (repository: string, number: number) =>
        expected()
          .filter((spec) => scopedColumns(spec).repository === repository && spec.number === number)
          .map((spec) => spec.id);
      expect(ids(acmeApi.events)).toEqual(threadOf("acme/api", 7));
      expect(ids(acmeSecret.events)).toEqual(threadOf("acme/secret", 4));
      expect(ids(globexInternal.events)).toEqual(threadOf("globex/internal", 2));
    });
  });
});
