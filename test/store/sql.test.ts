import { openWorkerSql } from "../../src/delivery/open-worker-sql.js";
import type { WorkerSql } from "../../src/delivery/worker-sql.js";
import type { Db } from "../../src/store/db.js";
import { empty, join, list, name, sql, statementOf } from "../../src/store/sql.js";
import { testDatabases } from "../support/databases.js";
import { silent } from "../support/delivery-world.js";

const at = new Date("2026-11-21T10:00:00.000Z");

describe("sql fragments", () => {
  test("a fragment carries its values; nested fragments are renumbered in the order they are read", () => {
    const repository = sql`repository = ${"acme/api"}`;
    const period = sql`occurred_at >= ${at}`;
    const query = sql`SELECT id FROM events WHERE ${join([period, repository], " AND ")} AND id IN ${list([3, 4])} LIMIT ${51}`;
    expect(statementOf(query, "postgres")).toEqual({
      text: "SELECT id FROM events WHERE occurred_at >= $1 AND repository = $2 AND id IN ($3, $4) LIMIT $5",
      values: [at, "acme/api", 3, 4, 51],
    });
    expect(statementOf(query, "sqlite")).toEqual({
      text: "SELECT id FROM events WHERE occurred_at >= ? AND repository = ? AND id IN (?, ?) LIMIT ?",
      values: [at.getTime(), "acme/api", 3, 4, 51],
    });
  });

  test("a $ or ? inside a string literal is SQL text, never a placeholder", () => {
    const conclusion = sql`json_extract(event, '$.details.conclusion') = ${"failure"}`;
    const query = sql`SELECT '$1 ?' AS literal, ${"bound"} AS value WHERE ${conclusion}`;
    expect(statementOf(query, "postgres").text).toBe("SELECT '$1 ?' AS literal, $1 AS value WHERE json_extract(event, '$.details.conclusion') = $2");
    expect(statementOf(query, "sqlite").text).toBe("SELECT '$1 ?' AS literal, ? AS value WHERE json_extract(event, '$.details.conclusion') = ?");
  });

  test("SQLite gets dates as integer milliseconds and booleans as 0/1, as its schema stores them", () => {
    expect(statementOf(sql`VALUES (${at}, ${true}, ${false}, ${null})`, "sqlite").values).toEqual([at.getTime(), 1, 0, null]);
    expect(statementOf(sql`VALUES (${at}, ${true})`, "postgres").values).toEqual([at, true]);
  });

  test("joining nothing is empty; an empty IN list and a made-up name that is not a plain identifier are refused", () => {
    expect(statementOf(sql`SELECT 1${join([], " AND ")}${empty}`, "postgres").text).toBe("SELECT 1");
    expect(() => list([])).toThrow("list() needs at least one value");
    expect(statementOf(sql`SELECT 1 AS ${name("c0")}`, "postgres").text).toBe("SELECT 1 AS c0");
    expect(() => name("c0; DROP TABLE events")).toThrow("is not a plain SQL name");
  });
});

const databases = await testDatabases();

describe.each(databases)("running fragments on $name", (database) => {
  let db: Db;
  let worker: WorkerSql;
  let drop: () => Promise<void>;

  beforeEach(async () => {
    const created = await database.create();
    ({ db, drop } = created);
    worker = openWorkerSql(created.url, silent);
  });
  afterEach(async () => {
    await worker.close();
    await drop();
  });

  test("Prisma's connection and the worker's bind the same fragment alike, string literals untouched", async () => {
    const query = sql`SELECT '$1' AS literal, ${"bound"} AS value, ${41} + 1 AS answer`;
    for (const runner of [db, worker]) {
      const [row] = await runner.rows<{ literal: string; value: string; answer: number | bigint | string }>(query);
      expect({ ...row, answer: Number(row!.answer) }).toEqual({ literal: "$1", value: "bound", answer: 42 });
    }
  });

  const cursor = (consumer: string, id: number) => sql`INSERT INTO read_cursors (token_name, consumer, last_event_id, updated_at) VALUES (${"t"}, ${consumer}, ${id}, ${at})`;
  const cursors = async () => (await db.prisma.readCursor.findMany({ orderBy: { consumer: "asc" } })).map((row) => [row.consumer, row.lastEventId]);

  test("writeAllOrNone returns the rows each write changed, and applies none when one fails", async () => {
    expect(await worker.writeAllOrNone([cursor("a", 1), cursor("b", 2)])).toEqual([1, 1]);
    // Matched by message: better-sqlite3's errors come from another realm than the test's Error when jest reuses a worker.
    await expect(worker.writeAllOrNone([cursor("c", 3), cursor("a", 4)])).rejects.toMatchObject({ message: expect.stringMatching(/UNIQUE constraint failed|duplicate key value/) });
    expect(await cursors()).toEqual([
      ["a", 1],
      ["b", 2],
    ]);
  });

  test("writeAllOrNone's writes see each other's rows on SQLite (one transaction), not on PostgreSQL (one statement, one snapshot)", async () => {
    const changed = await worker.writeAllOrNone([cursor("a", 1), sql`UPDATE read_cursors SET last_event_id = ${5} WHERE consumer = ${"a"}`]);
    expect(changed).toEqual(database.name === "sqlite" ? [1, 1] : [1, 0]);
    expect(await cursors()).toEqual([["a", database.name === "sqlite" ? 5 : 1]]);
  });
});
