import { chooseDriver } from "../../src/query/driver.js";
import type { Db } from "../../src/store/db.js";
import { testDatabases } from "../support/databases.js";
import { EVERYTHING, minute, scope, storeAll } from "../support/stored-events.js";

const databases = await testDatabases();

describe.each(databases)("chooseDriver on $name", (database) => {
  let db: Db;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    ({ db, drop } = await database.create());
    const star = (id: string, repository: string, actor: string, at: number) => ({ id, name: "star", pick: (p: Record<string, unknown>) => p.action === "created", repository, actor, at: minute(at) });
    await storeAll(db, [star("a1", "Busy/Repo", "Alice", 0), star("a2", "Busy/Repo", "Alice", 1), star("a3", "Busy/Repo", "Alice", 2), star("b1", "Busy/Repo", "Bob", 3), star("c1", "Quiet/Repo", "Alice", 4)]);
  });
  afterAll(() => drop());

  test("a single candidate drives without a probe; no candidate leaves it to the scope", async () => {
    expect(await chooseDriver(db, EVERYTHING, {})).toBe("scope");
    expect(await chooseDriver(db, EVERYTHING, { eventType: "star" })).toBe("event_type");
    expect(await chooseDriver(db, scope(["busy/*"]), {})).toBe("scope");
  });

  test("on SQLite the rarest value drives; PostgreSQL's planner decides for itself", async () => {
    const sqlite = db.provider === "sqlite";
    expect(await chooseDriver(db, EVERYTHING, { repository: "busy/repo", actor: "bob" })).toBe("actor");
    expect(await chooseDriver(db, EVERYTHING, { repository: "quiet/repo", actor: "alice" })).toBe(sqlite ? "repository" : "actor");
    expect(await chooseDriver(db, scope(["busy/*"]), { actor: "bob" })).toBe("actor");
    expect(await chooseDriver(db, scope(["Quiet/Repo"]), { eventType: "star" })).toBe(sqlite ? "scope" : "event_type");
  });
});
