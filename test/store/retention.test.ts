import { jest } from "@jest/globals";
import { pino } from "pino";
import { createIngest } from "../../src/github/ingest.js";
import type { Db } from "../../src/store/db.js";
import { pruneEvents } from "../../src/store/retention.js";
import { scheduleRetention } from "../../src/store/retention-schedule.js";
import { updateSearchIndex } from "../../src/store/search-index.js";
import { testDatabases } from "../support/databases.js";
import { example, incoming } from "../support/webhooks.js";

const databases = await testDatabases();
const DAY = 24 * 60 * 60 * 1000;
const NOW = new Date("2026-11-21T12:00:00Z");

describe.each(databases)("retention on $name", (database) => {
  let db: Db;
  let drop: () => Promise<void>;

  beforeEach(async () => {
    ({ db, drop } = await database.create());
  });
  afterEach(() => drop());

  /** Stores one event per age (in days before NOW), through the real ingest path. */
  async function storeAged(ages: number[]): Promise<string[]> {
    const ids: string[] = [];
    for (const [index, age] of ages.entries()) {
      const ingest = createIngest({ db, log: pino({ level: "silent" }), clock: () => new Date(NOW.getTime() - age * DAY) });
      const id = `aged-${index}-${age}`;
      await ingest(incoming(id, "star", example("star")));
      ids.push(id);
    }
    return ids;
  }

  const remaining = async () => (await db.prisma.event.findMany({ orderBy: { id: "asc" }, select: { deliveryId: true } })).map((row) => row.deliveryId);

  test("prunes events older than the maximum age, keeps the rest and their search index", async () => {
    await storeAged([100, 31, 29]);
    await updateSearchIndex(db);
    await storeAged([1, 0]);
    expect(await pruneEvents(db.prisma, { maxAgeDays: 30, maxEvents: 0 }, NOW)).toBe(2);
    expect(await remaining()).toEqual(["aged-2-29", "aged-0-1", "aged-1-0"]);
    await updateSearchIndex(db);
    if (db.provider === "sqlite") {
      await db.prisma.$executeRawUnsafe("INSERT INTO events_fts (events_fts) VALUES ('integrity-check')");
      const indexed = await db.prisma.$queryRawUnsafe<{ id: bigint }[]>("SELECT rowid AS id FROM events_fts WHERE events_fts MATCH 'starred' ORDER BY rowid");
      expect(indexed).toHaveLength(3);
    }
  });

  test("keeps only the newest events beyond the maximum count", async () => {
    await storeAged([5, 4, 3, 2, 1]);
    expect(await pruneEvents(db.prisma, { maxAgeDays: 0, maxEvents: 2 }, NOW)).toBe(3);
    expect(await remaining()).toEqual(["aged-3-2", "aged-4-1"]);
  });

  test("applies both limits together, and a zero policy deletes nothing", async () => {
    await storeAged([40, 20, 10, 5, 1]);
    expect(await pruneEvents(db.prisma, { maxAgeDays: 0, maxEvents: 0 }, NOW)).toBe(0);
    expect(await pruneEvents(db.prisma, { maxAgeDays: 30, maxEvents: 3 }, NOW)).toBe(2);
    expect(await remaining()).toEqual(["aged-2-10", "aged-3-5", "aged-4-1"]);
  });

  test("prunes in batches past the batch size", async () => {
    const ingest = createIngest({ db, log: pino({ level: "silent" }), clock: () => new Date(NOW.getTime() - 60 * DAY) });
    const payload = example("watch");
    for (let i = 0; i < 1205; i++) await ingest(incoming(`old-${i}`, "watch", payload));
    expect(await pruneEvents(db.prisma, { maxAgeDays: 30, maxEvents: 0 }, NOW)).toBe(1205);
    expect(await db.prisma.event.count()).toBe(0);
  });

  test("the schedule prunes at start and again every interval, nothing in between, and logs what it pruned", async () => {
    // Only the interval is faked: the database drivers keep their real timers.
    jest.useFakeTimers({ doNotFake: ["nextTick", "setImmediate", "queueMicrotask", "setTimeout", "clearTimeout", "Date", "hrtime", "performance"] });
    const logged: { msg: string; deleted?: number }[] = [];
    const log = pino({ level: "info" }, { write: (line: string) => void logged.push(JSON.parse(line)) });
    try {
      await storeAged([100, 1]);
      let now = NOW;
      const schedule = scheduleRetention({ prisma: db.prisma, policy: { maxAgeDays: 30, maxEvents: 0 }, intervalMinutes: 60, log, clock: () => now });
      await waitFor(async () => (await db.prisma.event.count()) === 1);
      expect(await remaining()).toEqual(["aged-1-1"]);

      // 25 days on, the 10-day-old event is past 30 days and the 1-day-old one is not; only the next interval prunes.
      await storeAged([10]);
      now = new Date(NOW.getTime() + 25 * DAY);
      expect(await remaining()).toEqual(["aged-1-1", "aged-0-10"]);
      jest.advanceTimersByTime(60 * 60_000);
      await waitFor(async () => (await db.prisma.event.count()) === 1);
      await schedule.stop();
      expect(await remaining()).toEqual(["aged-1-1"]);
      expect(logged.filter(({ msg }) => msg === "pruned events past the retention policy").map(({ deleted }) => deleted)).toEqual([1, 1]);
    } finally {
      jest.useRealTimers();
    }
  });
});

/** Polls until the condition holds, for up to 10 s (setTimeout stays real under the fake interval). */
async function waitFor(condition: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("condition not met within 10 s");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
