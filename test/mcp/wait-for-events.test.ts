import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import { startPostgresAnnouncer } from "../../src/events/postgres-announcer.js";
import type { RunningServer } from "../../src/server.js";
import { openDb, type Db } from "../../src/store/db.js";
import { silentLog, startTestServer } from "../support/app-server.js";
import { testDatabases } from "../support/databases.js";
import { ModernClient } from "../support/mcp-modern.js";
import { CountingBus, newToken, RecordingClient, sleep, sseTransport, streamableTransport } from "../support/mcp.js";
import { deliver, example, starIn } from "../support/webhooks.js";

const databases = await testDatabases();
const [sqlite] = databases;
const postgres = databases.filter((database) => database.name === "postgres");

type Structured = Record<string, unknown>;
interface Caller {
  callTool(request: { name: string; arguments: Record<string, unknown> }): Promise<unknown>;
}

async function call(client: Caller, name: string, args: Record<string, unknown> = {}): Promise<Structured> {
  const result = (await client.callTool({ name, arguments: args })) as { isError?: boolean; content: unknown; structuredContent: Structured };
  if (result.isError) throw new Error(`${name} failed: ${JSON.stringify(result.content)}`);
  return result.structuredContent;
}

/** Polls until `ready()` holds; a condition that never holds fails the test after `withinMs` (not a timing assertion: a hang). */
async function until(ready: () => boolean, what: string, withinMs = 10_000): Promise<void> {
  for (let waited = 0; !ready(); waited += 20) {
    if (waited > withinMs) throw new Error(`${what} did not happen within ${withinMs} ms`);
    await sleep(20);
  }
}

describe("wait_for_events on sqlite", () => {
  let db: Db;
  let drop: () => Promise<void>;
  let bus: CountingBus;
  let server: RunningServer;
  let token: string;

  beforeAll(async () => {
    ({ db, drop } = await sqlite!.create());
    bus = new CountingBus();
    server = await startTestServer({ db, bus });
    token = await newToken(db.prisma, "waiter", ["Codertocat/*"]);
    expect((await deliver(server.url, { name: "star", payload: starIn("Codertocat/Hello-World") })).status).toBe(200);
  });
  afterAll(async () => {
    await server.close();
    await drop();
  });

  test("returns at once what is already there after the cursor, and the cursor to go on from", async () => {
    const client = await new RecordingClient().connect(streamableTransport(server.url, token));
    try {
      const found = await call(client.client, "wait_for_events", { cursor: 0 });
      expect(found).toMatchObject({ count: 1, timed_out: false });
      expect(found.cursor).toBe((found.events as { id: number }[])[0]!.id);
    } finally {
      await client.close();
    }
  });

  test("wakes on the next matching event, not on one its filter leaves out", async () => {
    const client = await new RecordingClient().connect(streamableTransport(server.url, token));
    try {
      const { cursor } = await call(client.client, "wait_for_events", { cursor: 0 });
      const waiting = call(client.client, "wait_for_events", { cursor, event_type: "issues", timeout_seconds: 20 });
      await until(() => bus.listeners > 0, "the waiter listening");
      expect((await deliver(server.url, { name: "star", payload: starIn("Codertocat/Hello-World") })).status).toBe(200);
      expect((await deliver(server.url, { name: "issues", payload: example("issues") })).status).toBe(200);
      const found = await waiting;
      expect(found).toMatchObject({ count: 1, timed_out: false });
      expect((found.events as { type: string }[]).map((entry) => entry.type)).toEqual(["issues"]);
    } finally {
      await client.close();
    }
  });

  test("after timeout_seconds: no events, timed_out, and the cursor it started from", async () => {
    const client = await ModernClient.connect(server.url, token);
    try {
      const { cursor } = await call(client.client, "get_unread_events", { consumer: "idle", limit: 100 });
      const found = await call(client.client, "wait_for_events", { cursor, event_type: "release", timeout_seconds: 1 });
      expect(found).toEqual({ events: [], count: 0, cursor, timed_out: true });
      expect(bus.listeners).toBe(0);
    } finally {
      await client.close();
    }
  });

  test("timeout_seconds beyond 55, or a cursor beyond the newest event, is refused with a sentence saying so", async () => {
    const client = await new RecordingClient().connect(streamableTransport(server.url, token));
    try {
      const result = (await client.client.callTool({ name: "wait_for_events", arguments: { timeout_seconds: 300 } })) as { isError?: boolean; content: unknown };
      expect(result.isError).toBe(true);
      expect(JSON.stringify(result.content)).toMatch(/at most 55/);
      const beyond = (await client.client.callTool({ name: "wait_for_events", arguments: { cursor: 1_000_000 } })) as { isError?: boolean; content: unknown };
      expect(beyond.isError).toBe(true);
      expect(JSON.stringify(beyond.content)).toMatch(/cursor 1000000 is beyond the newest event/);
    } finally {
      await client.close();
    }
  });

  const disconnecting: [string, () => Promise<{ client: Caller; close: () => Promise<void> }>][] = [
    ["Streamable HTTP, 2025-11-25", async () => new RecordingClient().connect(streamableTransport(server.url, token)).then((c) => ({ client: c.client, close: () => c.close() }))],
    ["Streamable HTTP, 2026-07-28", async () => ModernClient.connect(server.url, token).then((c) => ({ client: c.client, close: () => c.close() }))],
    ["legacy SSE", async () => new RecordingClient().connect(sseTransport(server.url, token) as Transport).then((c) => ({ client: c.client, close: () => c.close() }))],
  ];

  test.each(disconnecting)("a client that disconnects mid-wait over %s frees its waiter", async (_label, connect) => {
    const before = bus.listeners;
    const { client, close } = await connect();
    const waiting = client.callTool({ name: "wait_for_events", arguments: { event_type: "release", timeout_seconds: 55 } }).catch((error: unknown) => error);
    await until(() => bus.listeners === before + 1, "the waiter listening");
    await close();
    await until(() => bus.listeners === before, "the waiter letting go of the bus");
    expect(await waiting).toBeInstanceOf(Error);
  });
});

(postgres.length > 0 ? describe.each(postgres) : describe.skip.each([{ name: "postgres (no server)" }]))("wait_for_events across instances on $name", (database) => {
  let drop: () => Promise<void>;
  const instances: { db: Db; bus: CountingBus; server: RunningServer; stop(): Promise<void> }[] = [];

  beforeAll(async () => {
    let url: string;
    ({ url, drop } = await (database as (typeof postgres)[number]).create());
    for (let index = 0; index < 2; index += 1) {
      const db = await openDb(url);
      const bus = new CountingBus();
      const announcer = await startPostgresAnnouncer({ databaseUrl: url, db, bus, log: silentLog });
      const server = await startTestServer({ db, bus });
      instances.push({ db, bus, server, stop: async () => (await server.close(), await announcer.stop(), await db.close()) });
    }
  });
  afterAll(async () => {
    for (const instance of instances) await instance.stop();
    await drop?.();
  });

  test("a wait on one instance is woken by a webhook POSTed on the other", async () => {
    const [a, b] = instances;
    const token = await newToken(a!.db.prisma, "waiter", ["Codertocat/Hello-World"]);
    const client = await ModernClient.connect(a!.server.url, token);
    try {
      const { cursor } = await call(client.client, "wait_for_events", { timeout_seconds: 1 });
      const waiting = call(client.client, "wait_for_events", { cursor, event_type: "star", timeout_seconds: 55 });
      await sleep(300);
      const posted = await deliver(b!.server.url, { name: "star", payload: starIn("Codertocat/Hello-World") });
      expect(posted.status).toBe(200);
      // Handed out once it has left the settle window (src/query/unread-events.ts), so nothing committed out of order is skipped.
      const found = await waiting;
      expect(found).toMatchObject({ count: 1, timed_out: false });
      expect((found.events as { delivery_id: string }[])[0]!.delivery_id).toBe(posted.id);
    } finally {
      await client.close();
    }
  }, 70_000);

  test("waiting holds no database connection: more waits than the pool has connections, and the store still answers", async () => {
    const [a] = instances;
    const token = await newToken(a!.db.prisma, "many-waits", ["*"]);
    const client = await ModernClient.connect(a!.server.url, token);
    // node-postgres pools hold 10 connections by default.
    const waits = Array.from({ length: 15 }, () =>
      client.client.callTool({ name: "wait_for_events", arguments: { event_type: "release", timeout_seconds: 55 } }).catch((error: unknown) => error),
    );
    await until(() => a!.bus.listeners === 15, "fifteen waiters listening");
    expect((await call(client.client, "get_recent_events", { limit: 1 })).count).toBeGreaterThanOrEqual(0);
    const [activity] = await a!.db.prisma.$queryRawUnsafe<{ busy: number }[]>(
      "SELECT count(*)::int AS busy FROM pg_stat_activity WHERE application_name = $1 AND state <> 'idle' AND pid <> pg_backend_pid()",
      a!.db.sessionName,
    );
    expect(activity?.busy).toBe(0);
    await client.close();
    await until(() => a!.bus.listeners === 0, "the waiters letting go");
    await Promise.all(waits);
  });
});
