import { jest } from "@jest/globals";
import { normalize } from "../../src/normalize/index.js";
import type { Db } from "../../src/store/db.js";
import { StoreUnavailableError } from "../../src/store/errors.js";
import { EventWriter } from "../../src/store/event-writer.js";
import type { NewEvent, OutboxEntry } from "../../src/store/events.js";
import { breakEventsTable, testDatabases } from "../support/databases.js";
import { example } from "../support/webhooks.js";

const databases = await testDatabases();

function newEvent(deliveryId: string, name = "issues", outbox: OutboxEntry[] = []): NewEvent {
  const payload = example(name);
  const receivedAt = new Date("2026-11-21T10:00:00Z");
  return { normalized: normalize({ deliveryId, name, payload, receivedAt }), raw: Buffer.from(JSON.stringify(payload)), receivedAt, outbox };
}

describe.each(databases)("EventWriter on $name", (database) => {
  let db: Db;
  let drop: () => Promise<void>;

  beforeEach(async () => {
    ({ db, drop } = await database.create());
  });
  afterEach(() => drop());

  test("stores deliveries that arrive together in one batch, each with its own id", async () => {
    const writer = new EventWriter(db);
    const statements = jest.spyOn(db, "insertEventRows");
    const outcomes = await Promise.all(Array.from({ length: 20 }, (_, i) => writer.write(newEvent(`burst-${i}`))));
    expect(statements).toHaveBeenCalledTimes(1);
    expect(outcomes.every((o) => o.outcome === "stored")).toBe(true);
    const ids = outcomes.map((o) => (o.outcome === "stored" ? o.id : -1));
    expect(new Set(ids).size).toBe(20);
    const rows = await db.prisma.event.findMany({ where: { id: { in: ids } }, select: { id: true, deliveryId: true } });
    expect(Object.fromEntries(rows.map((row) => [row.deliveryId, row.id]))).toEqual(Object.fromEntries(ids.map((id, i) => [`burst-${i}`, id])));
  });

  test("in one batch: a redelivery of a stored event and a repeat of a new one are duplicates, the rest stored", async () => {
    const writer = new EventWriter(db);
    expect((await writer.write(newEvent("seen-before"))).outcome).toBe("stored");
    const outcomes = await Promise.all([
      writer.write(newEvent("fresh-1")),
      writer.write(newEvent("seen-before")),
      writer.write(newEvent("fresh-2", "push")),
      writer.write(newEvent("fresh-1")),
    ]);
    expect(outcomes.map((o) => o.outcome)).toEqual(["stored", "duplicate", "stored", "duplicate"]);
    expect(await db.prisma.event.count()).toBe(3);
  });

  test("writes each stored event's outbox rows with it, and none for a redelivery", async () => {
    const subscription = await db.prisma.subscription.create({ data: { name: "hook", target: "webhook", url: "http://127.0.0.1:1/hook", secret: "whsec_x", rules: "{}" } });
    const routed = (deliveryId: string, name?: string) => newEvent(deliveryId, name, [{ subscriptionId: subscription.id, orderKey: `${subscription.id}:${deliveryId}` }]);
    const writer = new EventWriter(db);
    const outcomes = await Promise.all([writer.write(routed("routed-1")), writer.write(newEvent("plain")), writer.write(routed("routed-2", "push"))]);
    expect(await writer.write(routed("routed-1"))).toEqual({ outcome: "duplicate" });
    const ids = outcomes.map((o) => (o.outcome === "stored" ? o.id : -1));
    const deliveries = await db.prisma.delivery.findMany({ orderBy: { id: "asc" }, select: { eventId: true, orderKey: true, status: true, attempts: true } });
    expect(deliveries).toEqual([
      { eventId: ids[0], orderKey: `${subscription.id}:routed-1`, status: "pending", attempts: 0 },
      { eventId: ids[2], orderKey: `${subscription.id}:routed-2`, status: "pending", attempts: 0 },
    ]);
  });

  test("when the database refuses the batch, every write in it fails as unavailable and nothing is stored", async () => {
    const writer = new EventWriter(db);
    await breakEventsTable(db);
    const results = await Promise.allSettled([writer.write(newEvent("a")), writer.write(newEvent("b"))]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    for (const result of results) expect((result as PromiseRejectedResult).reason).toBeInstanceOf(StoreUnavailableError);
  });
});
