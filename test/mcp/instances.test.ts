import { jest } from "@jest/globals";
import pg from "pg";
import { EventBus } from "../../src/events/event-bus.js";
import { ANNOUNCE_CHANNEL, startPostgresAnnouncer } from "../../src/events/postgres-announcer.js";
import { RESOURCE_URIS } from "../../src/mcp/resources/uris.js";
import type { RunningServer } from "../../src/server.js";
import { openDb, type Db } from "../../src/store/db.js";
import { silentLog, startTestServer } from "../support/app-server.js";
import { testDatabases } from "../support/databases.js";
import { ModernClient } from "../support/mcp-modern.js";
import { newToken, RecordingClient, sleep, streamableTransport, streamOpen } from "../support/mcp.js";
import { deliver, starIn } from "../support/webhooks.js";

const postgres = (await testDatabases()).filter((database) => database.name === "postgres");

/** One instance as serve() wires it on PostgreSQL: its own connections, bus and announcer, the shared database. */
async function startInstance(url: string) {
  const db = await openDb(url);
  const bus = new EventBus();
  const announcer = await startPostgresAnnouncer({ databaseUrl: url, db, bus, log: silentLog });
  const server = await startTestServer({ db, bus });
  return {
    db,
    server,
    announcer,
    async stop() {
      await server.close();
      await announcer.stop();
      await db.close();
    },
  };
}

type Instance = Awaited<ReturnType<typeof startInstance>>;

async function listenerPids(db: Db): Promise<number[]> {
  const rows = await db.prisma.$queryRawUnsafe<{ pid: number }[]>(
    `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN ${ANNOUNCE_CHANNEL}' ORDER BY pid`,
  );
  return rows.map((row) => row.pid);
}

(postgres.length > 0 ? describe.each(postgres) : describe.skip.each([{ name: "postgres (no server)" }]))("instances sharing one $name database", (database) => {
  let drop: () => Promise<void>;
  let a: Instance;
  let b: Instance;
  let helloToken: string;
  let otherToken: string;
  const clients: RecordingClient[] = [];

  const connect = async (instance: RunningServer, token: string) => {
    const client = await new RecordingClient().connect(streamableTransport(instance.url, token));
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    let url: string;
    ({ url, drop } = await (database as (typeof postgres)[number]).create());
    [a, b] = await Promise.all([startInstance(url), startInstance(url)]);
    helloToken = await newToken(a.db.prisma, "hello-reader", ["Codertocat/Hello-World"]);
    otherToken = await newToken(a.db.prisma, "other-reader", ["other-org/*"]);
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
  });

  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await drop?.();
  });

  test("a subscriber on one instance is notified within 1 s of a webhook another instance received, in its scope only, once", async () => {
    const onA = await connect(a.server, helloToken);
    const onB = await connect(b.server, helloToken);
    const otherOnA = await connect(a.server, otherToken);
    for (const recorder of [onA, onB, otherOnA]) await recorder.client.subscribeResource({ uri: RESOURCE_URIS.recentEvents });
    await streamOpen();

    const updateOnA = onA.nextUpdate(RESOURCE_URIS.recentEvents, 1000);
    const updateOnB = onB.nextUpdate(RESOURCE_URIS.recentEvents, 1000);
    expect((await deliver(b.server.url, { name: "star", payload: starIn("Codertocat/Hello-World") })).status).toBe(200);
    expect(await updateOnA).toBeLessThan(1000);
    await updateOnB;
    await sleep(500);

    expect(onA.updates).toEqual([RESOURCE_URIS.recentEvents]);
    // B stored the event and heard of it from the database too: its subscriber is told once.
    expect(onB.updates).toEqual([RESOURCE_URIS.recentEvents]);
    expect(otherOnA.updates).toEqual([]);
  });

  test("2026-07-28 has no sessions: a listen stream on one instance hears of a webhook another received, in its scope only", async () => {
    const modern = await Promise.all([ModernClient.connect(a.server.url, helloToken), ModernClient.connect(a.server.url, otherToken)]);
    try {
      const [hello, other] = modern;
      await hello.client.listen({ resourceSubscriptions: [RESOURCE_URIS.recentEvents] });
      await other.client.listen({ resourceSubscriptions: [RESOURCE_URIS.recentEvents] });
      // Any instance answers any request: the same client's next call may land on the other one.
      const onB = await ModernClient.connect(b.server.url, helloToken);
      modern.push(onB);
      expect((await onB.client.listTools()).tools.length).toBeGreaterThan(0);

      const update = hello.nextUpdate(RESOURCE_URIS.recentEvents, 1000);
      expect((await deliver(b.server.url, { name: "star", payload: starIn("Codertocat/Hello-World") })).status).toBe(200);
      expect(await update).toBeLessThan(1000);
      await sleep(500);
      expect(hello.updates.map((entry) => entry.uri)).toEqual([RESOURCE_URIS.recentEvents]);
      expect(other.updates).toEqual([]);
    } finally {
      await Promise.all(modern.map((client) => client.close()));
    }
  });

  test("an instance does not read back the events it stored itself, only the others'", async () => {
    const reads = jest.spyOn(b.db.prisma.event, "findMany");
    try {
      const own = await deliver(b.server.url, { name: "star", payload: starIn("Codertocat/Hello-World") });
      const other = await deliver(a.server.url, { name: "star", payload: starIn("Codertocat/Hello-World") });
      expect([own.status, other.status]).toEqual([200, 200]);
      const idOf = async (deliveryId: string) => (await b.db.prisma.event.findUniqueOrThrow({ where: { deliveryId }, select: { id: true } })).id;
      const [ownId, otherId] = [await idOf(own.id), await idOf(other.id)];
      for (let waited = 0; reads.mock.calls.length === 0; waited += 50) {
        if (waited > 10_000) throw new Error("instance b did not read the event instance a announced within 10 s");
        await sleep(50);
      }
      // Notifications are handled in order: b's own came first and was skipped without a read.
      const ranges = reads.mock.calls.map(([query]) => (query as { where: { id: { gte: number; lte: number } } }).where.id);
      expect(ranges).toEqual([{ gte: otherId, lte: otherId }]);
      expect(ownId).toBeLessThan(otherId);
    } finally {
      reads.mockRestore();
    }
  });

  test("an instance whose listening connection is cut reconnects and hears the next events", async () => {
    const before = await listenerPids(a.db);
    expect(before).toHaveLength(2);
    const onA = await connect(a.server, helloToken);
    await onA.client.subscribeResource({ uri: RESOURCE_URIS.recentEvents });
    await streamOpen();

    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test" });
    await admin.connect();
    try {
      await admin.query("SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid", [before]);
    } finally {
      await admin.end();
    }
    for (let waited = 0; (await listenerPids(a.db)).filter((pid) => !before.includes(pid)).length < 2; waited += 100) {
      if (waited > 10_000) throw new Error("the announcers did not listen again within 10 s");
      await sleep(100);
    }

    const update = onA.nextUpdate(RESOURCE_URIS.recentEvents, 1000);
    expect((await deliver(b.server.url, { name: "star", payload: starIn("Codertocat/Hello-World") })).status).toBe(200);
    expect(await update).toBeLessThan(1000);
  });
});
