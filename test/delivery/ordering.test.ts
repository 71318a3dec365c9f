import { openWorkerSql } from "../../src/delivery/open-worker-sql.js";
import { generateWebhookSecret } from "../../src/delivery/signing.js";
import { addSubscription } from "../../src/delivery/subscriptions.js";
import { DeliveryWorker } from "../../src/delivery/worker.js";
import type { Db } from "../../src/store/db.js";
import { testDatabases } from "../support/databases.js";
import { WebhookReceiver } from "../support/delivery-receiver.js";
import { fastConfig, silent, startPushWorld, waitFor, type PushWorld } from "../support/delivery-world.js";

const databases = await testDatabases();

const REPOSITORIES = ["octo-org/api", "octo-org/web", "octo-org/docs", "globex/shop", "globex/infra"];
const PER_REPOSITORY = 20;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The ids in order of first appearance; a retry repeats the id it retries, right after it or later. */
const firstSeen = (ids: string[]) => [...new Set(ids)];

describe.each(databases)("order and concurrency on $name", (database) => {
  let db: Db;
  let url: string;
  let drop: () => Promise<void>;
  let world: PushWorld;
  let receiver: WebhookReceiver;
  const secret = generateWebhookSecret();

  beforeEach(async () => {
    ({ db, url, drop } = await database.create());
  });
  afterEach(async () => {
    await world.stop();
    await receiver.close();
    await drop();
  });

  /** Events of several repositories, interleaved and stored in bursts, as an organization's busy minute would be. */
  async function ingestInterleaved(): Promise<Map<string, string[]>> {
    const expected = new Map(REPOSITORIES.map((repository) => [repository, [] as string[]]));
    for (let round = 0; round < PER_REPOSITORY; round += 1) {
      const burst = REPOSITORIES.map((repository) => {
        const id = `${repository}#${round}`;
        expected.get(repository)!.push(id);
        return world.ingest(id, { name: "issues", action: "opened", repository });
      });
      await Promise.all(burst);
    }
    return expected;
  }

  test("two workers, a slow and flaky receiver: each repository's events arrive in order, each accepted exactly once", async () => {
    receiver = await WebhookReceiver.start(secret, async () => {
      await sleep(Math.random() * 15);
      return Math.random() < 0.15 ? { status: 503 } : { status: 204 };
    });
    await addSubscription(db.prisma, { name: "hooks", webhook: { url: receiver.url, secret }, rules: {} });
    const config = fastConfig({ delivery: { retryScheduleMs: Array(20).fill(10), concurrencyPerSubscription: 3 } });
    world = await startPushWorld(db, url, config);
    // A second instance: its own connection to the same database, claiming from the same outbox.
    const otherSql = openWorkerSql(url, silent);
    const other = new DeliveryWorker({ sql: otherSql, log: silent, clock: () => new Date(), config });
    other.start();
    try {
      const expected = await ingestInterleaved();
      const total = REPOSITORIES.length * PER_REPOSITORY;
      await waitFor(`${total} accepted deliveries`, () => receiver.accepted.length >= total, 60_000);
      await waitFor("the outbox to drain", async () => (await db.prisma.delivery.count({ where: { status: { not: "delivered" } } })) === 0);

      expect(receiver.rejected).toEqual([]);
      expect(receiver.accepted).toHaveLength(total);
      expect(new Set(receiver.acceptedIds()).size).toBe(total);
      for (const [repository, ids] of expected) {
        const inRepository = (requests: typeof receiver.received) =>
          requests.filter((r) => r.payload.data.repository?.full_name === repository).map((r) => r.payload.data.delivery_id);
        expect(inRepository(receiver.accepted)).toEqual(ids);
        expect(firstSeen(inRepository(receiver.received))).toEqual(ids);
      }
    } finally {
      await other.stop();
      await otherSql.close();
    }
  });

  test("at most the configured number of deliveries of one subscription are in flight", async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    receiver = await WebhookReceiver.start(secret, async () => {
      await gate;
      return { status: 204 };
    });
    await addSubscription(db.prisma, { name: "hooks", webhook: { url: receiver.url, secret }, rules: {} });
    world = await startPushWorld(db, url, fastConfig({ delivery: { concurrencyPerSubscription: 2 } }));
    await ingestInterleaved();
    await waitFor("two requests in flight", () => receiver.inFlight === 2);
    // Several poll intervals, in which a third request would have been sent.
    await sleep(500);
    expect(receiver.received).toHaveLength(2);
    release();
    const total = REPOSITORIES.length * PER_REPOSITORY;
    await waitFor(`${total} accepted deliveries`, () => receiver.accepted.length === total, 60_000);
    expect(receiver.maxInFlight).toBe(2);
  });
});
