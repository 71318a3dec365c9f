import { normalize } from "../../src/normalize/index.js";
import { openDb, type Db } from "../../src/store/db.js";
import { eventRow } from "../../src/store/events.js";
import { eventStats } from "../../src/query/event-stats.js";
import { pruneEvents } from "../../src/store/retention.js";
import { updateSearchIndex } from "../../src/store/search-index.js";
import { testDatabases } from "../support/databases.js";
import { WORLD } from "../support/query-world.js";
import { EVERYTHING, minute, store, storeAll } from "../support/stored-events.js";
import { example } from "../support/webhooks.js";

const databases = await testDatabases();

interface CountRow {
  repository: string;
  owner: string;
  private: boolean;
  event_type: string;
  events: number;
}

type RawCountRow = Omit<CountRow, "private" | "events"> & { private: boolean | number; events: number | bigint };

function tidy(rows: RawCountRow[]): CountRow[] {
  return rows
    .map((row) => ({ ...row, private: Boolean(row.private), events: Number(row.events) }))
    .sort((a, b) => `${a.repository} ${a.owner} ${a.private} ${a.event_type}`.localeCompare(`${b.repository} ${b.owner} ${b.private} ${b.event_type}`));
}

/** What event_counts must hold: the stored events counted by its key. */
async function countedFromEvents(db: Db): Promise<CountRow[]> {
  return tidy(
    await db.prisma.$queryRawUnsafe<RawCountRow[]>(
      "SELECT coalesce(repository, '') AS repository, coalesce(owner, '') AS owner, private, event_type, count(*) AS events FROM events GROUP BY 1, 2, 3, 4",
    ),
  );
}

/** The event_counts table, once SQLite's batch (src/store/search-index.ts) has caught up. */
async function rollup(db: Db, where = "events <> 0"): Promise<CountRow[]> {
  await updateSearchIndex(db);
  return tidy(await db.prisma.$queryRawUnsafe<RawCountRow[]>(`SELECT repository, owner, private, event_type, events FROM event_counts WHERE ${where}`));
}

/** Rows of three keys in a writer-specific order, so that concurrent batches touch the same keys in different orders. */
function mixedRows(writer: number, batch: number, size: number) {
  const kinds = [
    { name: "pull_request", repository: "Acme/API", private: false },
    { name: "issues", repository: "Globex/Web", private: false },
    { name: "push", repository: "Acme/Secret", private: true },
  ];
  return Array.from({ length: size }, (_, i) => {
    const kind = kinds[(i + writer) % kinds.length]!;
    const payload = structuredClone(example(kind.name)) as Record<string, any>;
    const [owner, name] = kind.repository.split("/");
    payload.repository = { ...payload.repository, name, full_name: kind.repository, private: kind.private, owner: { ...payload.repository.owner, login: owner } };
    const receivedAt = new Date(minute(0).getTime() + writer * 100_000 + batch * 1000 + i);
    const deliveryId = `writer-${writer}-batch-${batch}-${i}`;
    return eventRow({ normalized: normalize({ deliveryId, name: kind.name, payload, receivedAt }), raw: Buffer.from(JSON.stringify(payload)), receivedAt });
  });
}

describe.each(databases)("event_counts on $name", (database) => {
  let db: Db;
  let url: string;
  let drop: () => Promise<void>;

  beforeEach(async () => {
    ({ db, url, drop } = await database.create());
  });
  afterEach(() => drop());

  test("counts every stored event once, by repository, owner, visibility and type; a redelivery adds nothing", async () => {
    await storeAll(db, WORLD);
    await expect(store(db, WORLD[0]!)).rejects.toThrow("acme-pr-7-opened was not stored");
    expect((await eventStats(db, EVERYTHING)).total_events).toBe(WORLD.length);
    const counts = await rollup(db);
    expect(counts).toEqual(await countedFromEvents(db));
    expect(counts.reduce((sum, row) => sum + row.events, 0)).toBe(WORLD.length);
    expect(counts).toContainEqual({ repository: "acme/api", owner: "acme", private: false, event_type: "pull_request", events: 2 });
    expect(counts).toContainEqual({ repository: "acme/secret", owner: "acme", private: true, event_type: "pull_request", events: 1 });
    expect(counts).toContainEqual({ repository: "", owner: "globex", private: false, event_type: "organization", events: 1 });
  });

  test("follows retention's deletes of counted and not yet counted events; an emptied key stays at zero", async () => {
    await storeAll(db, WORLD.slice(0, 7));
    await updateSearchIndex(db);
    await storeAll(db, WORLD.slice(7));
    expect(await pruneEvents(db.prisma, { maxAgeDays: 0, maxEvents: 4 }, minute(60))).toBe(WORLD.length - 4);
    const stats = await eventStats(db, EVERYTHING);
    expect(stats.total_events).toBe(4);
    expect(stats.repositories).toEqual({ "acme/api": 1, "acme/secret": 1, "globex/web": 1 });
    expect(await rollup(db)).toEqual(await countedFromEvents(db));
    const emptied = await rollup(db, "events = 0");
    expect(emptied.map((row) => `${row.repository || row.owner}:${row.event_type}`)).toEqual(expect.arrayContaining(["acme/api:issues", "acme/secret:push", "acme:organization"]));
    expect(await rollup(db, "events < 0")).toEqual([]);
  });

  test("stays exact when several instances store overlapping batches at once", async () => {
    const writers = await Promise.all([0, 1, 2].map(() => openDb(url)));
    try {
      await Promise.all(
        writers.map(async (writer, index) => {
          for (let batch = 0; batch < 8; batch++) await writer.insertEventRows(mixedRows(index, batch, 30));
        }),
      );
    } finally {
      await Promise.all(writers.map((writer) => writer.close()));
    }
    const counts = await rollup(db);
    expect(counts).toEqual(await countedFromEvents(db));
    expect(counts.map((row) => [row.repository, row.events])).toEqual([
      ["acme/api", 240],
      ["acme/secret", 240],
      ["globex/web", 240],
    ]);
  });
});
