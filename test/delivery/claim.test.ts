import { claimDue, claimFollowers, releaseClaims, type ClaimRequest } from "../../src/delivery/claim.js";
import { openWorkerSql } from "../../src/delivery/open-worker-sql.js";
import { SubscriptionDirectory } from "../../src/delivery/subscription-directory.js";
import { addSubscription } from "../../src/delivery/subscriptions.js";
import type { WorkerSql } from "../../src/delivery/worker-sql.js";
import { createIngest } from "../../src/github/ingest.js";
import type { Db } from "../../src/store/db.js";
import { testDatabases } from "../support/databases.js";
import { payloadOf, silent } from "../support/delivery-world.js";
import { incoming } from "../support/webhooks.js";

const databases = await testDatabases();
const SECOND = 1000;

describe.each(databases)("claiming the outbox on $name", (database) => {
  let db: Db;
  let drop: () => Promise<void>;
  let sql: WorkerSql;
  let ids: Map<string, number>;
  let url: string;
  let ingest: ReturnType<typeof createIngest>;

  /** Two repositories' queues for a webhook subscription, one queue for a Letta agent. */
  beforeEach(async () => {
    const created = await database.create();
    ({ db, drop, url } = created);
    sql = openWorkerSql(url, silent);
    await addSubscription(db.prisma, { name: "hooks", webhook: { url: "https://example.com/hooks" }, rules: {} });
    await addSubscription(db.prisma, { name: "agent", letta: { agentId: "agent-1", baseUrl: "http://letta.internal:8283", apiKey: "" }, rules: { events: ["issues"] } });
    const directory = new SubscriptionDirectory(db.prisma, silent);
    await directory.refresh();
    ingest = createIngest({ db, log: silent, clock: () => new Date(), route: directory.route });
    for (const [id, repository] of [
      ["a1", "octo-org/a"],
      ["b1", "octo-org/b"],
      ["a2", "octo-org/a"],
      ["b2", "octo-org/b"],
      ["a3", "octo-org/a"],
    ] as const)
      await ingest(incoming(id, "issues", payloadOf({ name: "issues", action: "opened", repository })));
    const rows = await db.prisma.delivery.findMany({ include: { event: true, subscription: true } });
    ids = new Map(rows.map((row) => [`${row.subscription.name}:${row.event.deliveryId}`, row.id]));
  });
  afterEach(async () => {
    await sql.close();
    await drop();
  });

  const request = (overrides: Partial<ClaimRequest> = {}): ClaimRequest => {
    const now = overrides.now ?? new Date(Date.now() + SECOND);
    return { now, leaseUntil: new Date(now.getTime() + 30 * SECOND), limit: 64, perSubscription: 4, ...overrides };
  };
  const names = (rows: { id: number }[]) => rows.map((row) => [...ids].find(([, id]) => id === row.id)![0]);

  test("only the oldest pending row of each queue is claimed, and not again while its lease lasts", async () => {
    expect(names(await claimDue(sql, request()))).toEqual(["hooks:a1", "agent:a1", "hooks:b1"]);
    expect(await claimDue(sql, request())).toEqual([]);
  });

  test("a claim returns what sending needs: the event and the subscription's failing streak", async () => {
    const since = new Date("2026-11-20T08:00:00.000Z");
    await db.prisma.subscription.update({ where: { name: "hooks" }, data: { failingSince: since } });
    const [first] = await claimDue(sql, request({ limit: 1 }));
    expect(first).toMatchObject({ id: ids.get("hooks:a1"), attempts: 0, failingSince: since, orderKey: expect.stringMatching(/^\d+:octo-org\/a$/) });
    expect(JSON.parse(first!.event)).toMatchObject({ delivery_id: "a1", event_type: "issues" });
  });

  test("the next row of a queue is claimable once the head is done; an expired lease is claimable again", async () => {
    const first = request();
    await claimDue(sql, first);
    await db.prisma.delivery.update({ where: { id: ids.get("hooks:a1")! }, data: { status: "delivered", claimedUntil: null } });
    expect(names(await claimDue(sql, request()))).toEqual(["hooks:a2"]);
    const afterLeases = request({ now: new Date(first.leaseUntil.getTime() + SECOND) });
    expect(names(await claimDue(sql, afterLeases))).toEqual(["agent:a1", "hooks:b1", "hooks:a2"]);
  });

  test("a head waiting for its retry holds its whole queue back", async () => {
    await db.prisma.delivery.update({ where: { id: ids.get("hooks:a1")! }, data: { attempts: 1, nextAttemptAt: new Date(Date.now() + 60 * SECOND) } });
    expect(names(await claimDue(sql, request()))).toEqual(["agent:a1", "hooks:b1"]);
  });

  test("nothing of a disabled subscription is claimed", async () => {
    await db.prisma.subscription.update({ where: { name: "hooks" }, data: { enabled: false } });
    expect(names(await claimDue(sql, request()))).toEqual(["agent:a1"]);
  });

  test("a subscription gets at most its limit in flight, counting the claims still held", async () => {
    expect(names(await claimDue(sql, request({ perSubscription: 1 })))).toEqual(["hooks:a1", "agent:a1"]);
    expect(await claimDue(sql, request({ perSubscription: 1 }))).toEqual([]);
    expect(names(await claimDue(sql, request({ perSubscription: 2 })))).toEqual(["hooks:b1"]);
  });

  test("followers: the rows queued behind a claimed head, in order, up to the limit", async () => {
    const lease = request();
    await claimDue(sql, lease);
    const head = { id: ids.get("hooks:a1")!, orderKey: (await db.prisma.delivery.findUniqueOrThrow({ where: { id: ids.get("hooks:a1")! } })).orderKey };
    expect(names(await claimFollowers(sql, head, lease.leaseUntil, 1))).toEqual(["hooks:a2"]);
    expect(names(await claimFollowers(sql, head, lease.leaseUntil, 5))).toEqual(["hooks:a2", "hooks:a3"]);
  });

  test("released claims are claimable at once; a release with another lease changes nothing", async () => {
    const lease = request();
    const claimed = await claimDue(sql, lease);
    await releaseClaims(
      sql,
      claimed.map((row) => row.id),
      new Date(lease.leaseUntil.getTime() + 1),
    );
    expect(await claimDue(sql, request())).toEqual([]);
    await releaseClaims(
      sql,
      claimed.map((row) => row.id),
      lease.leaseUntil,
    );
    expect(names(await claimDue(sql, request()))).toEqual(["hooks:a1", "agent:a1", "hooks:b1"]);
  });

  test("workers claiming at the same moment, each on its own connection, never take the same row", async () => {
    for (let i = 0; i < 30; i += 1) await ingest(incoming(`r${i}`, "issues", payloadOf({ name: "issues", action: "opened", repository: `octo-org/r${i}` })));
    const runners = Array.from({ length: 6 }, () => openWorkerSql(url, silent));
    try {
      const claims = await Promise.all(runners.map((runner) => claimDue(runner, request({ limit: 8, perSubscription: 100 }))));
      const claimed = claims.flat().map((row) => row.id);
      expect(new Set(claimed).size).toBe(claimed.length);
      expect(claimed.length).toBeGreaterThan(8);
    } finally {
      await Promise.all(runners.map((runner) => runner.close()));
    }
  });
});
