import { createHmac, randomUUID } from "node:crypto";
import type { RunningServer } from "../src/server.js";
import type { Db } from "../src/store/db.js";
import { decodePayload } from "../src/store/payload-codec.js";
import { startTestServer } from "./support/app-server.js";
import { breakEventsTable, testDatabases } from "./support/databases.js";
import { deliver, EXAMPLES, example, signedRequest, TEST_SECRET } from "./support/webhooks.js";

const databases = await testDatabases();

describe.each(databases)("webhook ingest over HTTP on $name", (database) => {
  let db: Db;
  let drop: () => Promise<void>;
  let server: RunningServer;
  let url: string;

  beforeAll(async () => {
    ({ db, drop } = await database.create());
    server = await startTestServer({ db, config: { webhookMaxBytes: 512 * 1024 } });
    url = server.url;
  });

  afterAll(async () => {
    await server.close();
    await drop();
  });

  const count = () => db.prisma.event.count();

  test("stores every example payload of every event type, once, with a summary and the exact raw body", async () => {
    const before = await count();
    const sent: { id: string; name: string; body: string }[] = [];
    for (const { name, examples } of EXAMPLES) {
      for (const payload of examples) {
        const { id, body, headers } = await signedRequest({ name, payload });
        const response = await fetch(`${url}/api/github/webhooks`, { method: "POST", headers, body });
        expect({ name, status: response.status }).toEqual({ name, status: 200 });
        sent.push({ id, name, body });
      }
    }
    expect(sent).toHaveLength(329);
    expect((await count()) - before).toBe(329);

    const rows = await db.prisma.event.findMany({ where: { deliveryId: { in: sent.map((s) => s.id) } } });
    const byId = new Map(rows.map((row) => [row.deliveryId, row]));
    for (const { id, name, body } of sent) {
      const row = byId.get(id)!;
      const event = JSON.parse(row.event);
      expect(event.delivery_id).toBe(id);
      expect(event.event_type).toBe(name);
      expect(event.summary.trim().length).toBeGreaterThan(0);
      expect(row.summary).toBe(event.summary);
      const payload = JSON.parse(body);
      expect(row.repository).toBe(payload.repository?.full_name.toLowerCase() ?? null);
      expect(row.actor).toBe(payload.sender?.login.toLowerCase() ?? null);
      expect(decodePayload(row.payloadCodec, row.payload).toString("utf8")).toBe(body);
      expect(row.payloadBytes).toBe(Buffer.byteLength(body));
    }
  });

  test("stores an event type it does not know yet with a generic normalization", async () => {
    const payload = { action: "sparkled", sender: { login: "octocat", id: 1, type: "User" }, repository: example("star").repository };
    const { id, status } = await deliver(url, { name: "future_sparkle", payload });
    expect(status).toBe(200);
    const row = await db.prisma.event.findUniqueOrThrow({ where: { deliveryId: id } });
    expect(row.eventType).toBe("future_sparkle");
    expect(row.action).toBe("sparkled");
    expect(row.summary).toContain("future_sparkle");
    expect(row.repository).toBe("codertocat/hello-world");
    expect(JSON.parse(row.event).repository.full_name).toBe("Codertocat/Hello-World");
  });

  test("acknowledges a redelivery without storing it twice", async () => {
    const id = randomUUID();
    const payload = example("issues", (p) => p.action === "opened");
    const first = await deliver(url, { name: "issues", payload, id });
    const again = await deliver(url, { name: "issues", payload, id });
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(await db.prisma.event.count({ where: { deliveryId: id } })).toBe(1);
  });

  test("stores concurrent duplicates of one delivery exactly once", async () => {
    const id = randomUUID();
    const payload = example("push");
    const responses = await Promise.all(Array.from({ length: 12 }, () => deliver(url, { name: "push", payload, id })));
    expect(responses.map((r) => r.status)).toEqual(Array(12).fill(200));
    expect(await db.prisma.event.count({ where: { deliveryId: id } })).toBe(1);
  });

  describe("refuses bad input with a 4xx and a reason, storing nothing", () => {
    const payload = example("star");
    const post = async (headers: Record<string, string>, body: string, method = "POST") =>
      fetch(`${url}/api/github/webhooks`, { method, headers, ...(method === "GET" ? {} : { body }) });

    const cases: [string, () => Promise<{ headers: Record<string, string>; body: string; method?: string }>, number, RegExp][] = [
      ["a bad signature", async () => ({ ...(await signedRequest({ name: "star", payload, secret: "not-the-secret" })) }), 401, /Signature does not match.*WEBHOOK_SECRET/],
      [
        "a body changed after signing",
        async () => {
          const signed = await signedRequest({ name: "star", payload });
          return { headers: signed.headers, body: signed.body.replace("Codertocat", "Mallory") };
        },
        401,
        /Signature does not match/,
      ],
      [
        "no signature",
        async () => {
          const { headers, body } = await signedRequest({ name: "star", payload });
          delete headers["x-hub-signature-256"];
          return { headers, body };
        },
        400,
        /x-hub-signature-256/,
      ],
      [
        "no event header",
        async () => {
          const { headers, body } = await signedRequest({ name: "star", payload });
          delete headers["x-github-event"];
          return { headers, body };
        },
        400,
        /x-github-event/,
      ],
      [
        "no delivery header",
        async () => {
          const { headers, body } = await signedRequest({ name: "star", payload });
          delete headers["x-github-delivery"];
          return { headers, body };
        },
        400,
        /x-github-delivery/,
      ],
      [
        "a signed body that is not JSON",
        async () => {
          const body = "{not json";
          const { sign } = await import("@octokit/webhooks-methods");
          const { headers } = await signedRequest({ name: "star", payload });
          return { headers: { ...headers, "x-hub-signature-256": await sign(TEST_SECRET, body) }, body };
        },
        400,
        /not valid JSON/,
      ],
      [
        "a signed empty body",
        async () => {
          const { headers } = await signedRequest({ name: "star", payload });
          return { headers: { ...headers, "x-hub-signature-256": `sha256=${createHmac("sha256", TEST_SECRET).update("").digest("hex")}` }, body: "" };
        },
        400,
        /Body is empty/,
      ],
      [
        "a signed JSON body that is not an object",
        async () => {
          const body = "[1,2]";
          const { sign } = await import("@octokit/webhooks-methods");
          const { headers } = await signedRequest({ name: "star", payload });
          return { headers: { ...headers, "x-hub-signature-256": await sign(TEST_SECRET, body) }, body };
        },
        400,
        /JSON object/,
      ],
      [
        "a form-encoded body",
        async () => {
          const signed = await signedRequest({ name: "star", payload });
          return { headers: { ...signed.headers, "content-type": "application/x-www-form-urlencoded" }, body: `payload=${encodeURIComponent(signed.body)}` };
        },
        415,
        /application\/json/,
      ],
      ["a GET", async () => ({ ...(await signedRequest({ name: "star", payload })), method: "GET" }), 405, /POST/],
      [
        "a body over the size limit",
        async () => {
          const big = { ...payload, padding: "x".repeat(600 * 1024) };
          return signedRequest({ name: "star", payload: big });
        },
        413,
        /larger than the limit of 524288 bytes/,
      ],
    ];

    test.each(cases)("%s", async (_label, build, status, reason) => {
      const before = await count();
      const { headers, body, method } = await build();
      const response = await post(headers, body, method);
      expect(response.status).toBe(status);
      expect(((await response.json()) as { error: string }).error).toMatch(reason);
      expect(await count()).toBe(before);
      const health = await fetch(`${url}/health`);
      expect(health.status).toBe(200);
    });

    test("a body over the limit sent without content-length (chunked) is cut off too", async () => {
      const before = await count();
      const { headers, body } = await signedRequest({ name: "star", payload: { ...payload, padding: "y".repeat(600 * 1024) } });
      const stream = new ReadableStream({
        start(controller) {
          const bytes = Buffer.from(body);
          for (let at = 0; at < bytes.length; at += 64 * 1024) controller.enqueue(bytes.subarray(at, at + 64 * 1024));
          controller.close();
        },
      });
      const response = await fetch(`${url}/api/github/webhooks`, { method: "POST", headers, body: stream, duplex: "half" } as RequestInit);
      expect(response.status).toBe(413);
      expect(await count()).toBe(before);
    });
  });

  test("GET /health reports the database, the events stored and the last event time, with no secrets", async () => {
    const response = await fetch(`${url}/health`);
    expect(response.status).toBe(200);
    const health = (await response.json()) as Record<string, unknown>;
    expect(health).toMatchObject({ status: "ok", database: { provider: database.name, reachable: true }, events_stored: await count() });
    expect(typeof health.version).toBe("string");
    expect(typeof health.uptime_seconds).toBe("number");
    expect(Date.parse(health.last_event_at as string)).not.toBeNaN();
    expect(JSON.stringify(health)).not.toContain(TEST_SECRET);
  });

  test("GET /stats counts events by type and repository, public repositories only", async () => {
    const privatePayload = example("issues", (p) => p.action === "opened");
    (privatePayload.repository as Record<string, unknown>).full_name = "secret-org/hidden";
    (privatePayload.repository as Record<string, unknown>).private = true;
    expect((await deliver(url, { name: "issues", payload: privatePayload })).status).toBe(200);

    const stats = (await (await fetch(`${url}/stats`)).json()) as {
      total_events: number;
      event_types: Record<string, number>;
      unique_repositories: number;
      repositories: Record<string, number>;
    };
    const publicEvents = await db.prisma.event.count({ where: { private: false } });
    expect(publicEvents).toBeLessThan(await count());
    expect(stats.total_events).toBe(publicEvents);
    expect(stats.event_types.issues).toBe(await db.prisma.event.count({ where: { eventType: "issues", private: false } }));
    expect(stats.event_types.future_sparkle).toBe(1);
    expect(stats.repositories["codertocat/hello-world"]).toBeGreaterThan(0);
    expect(stats.repositories["secret-org/hidden"]).toBeUndefined();
    expect(stats.unique_repositories).toBe(Object.keys(stats.repositories).length);
  });

  test("answers 503 when the store rejects the write, and stores nothing", async () => {
    const separate = await database.create();
    const broken = await startTestServer({ db: separate.db });
    try {
      await breakEventsTable(separate.db);
      const response = await deliver(broken.url, { name: "star", payload: example("star") });
      expect(response.status).toBe(503);
      expect((response.json as { error: string }).error).toMatch(/event store is unavailable.*redeliver/);
      expect((await fetch(`${broken.url}/health`)).status).toBe(503);
    } finally {
      await broken.close();
      await separate.drop();
    }
  });
});
