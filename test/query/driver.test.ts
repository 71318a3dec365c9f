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
    const star = (id: string, repository: string, actor: string, at: number) => ({
      id,
      name: "star",
      pick: (p: Record<string, unknown>) => p.action === "created",
      repository,
      actor,
      at: minute(at),
    });
    const alicesBusyStars = Array.from({ length: 33 }, (_, i) => star(`a${i}`, "Busy/Repo", "Alice", i));
    const bobsIssues = [0, 1].map((i) => ({
      id: `i${i}`,
      name: "issues",
      pick: (p: Record<string, unknown>) => p.action === "opened",
      repository: "Busy/Repo",
      actor: "Bob",
      number: i + 1,
      at: minute(50 + i),
    }));
    await storeAll(db, [...alicesBusyStars, star("b1", "Busy/Repo", "Bob", 40), star("c1", "Quiet/Repo", "Alice", 41), ...bobsIssues]);
  });
  afterAll(() => drop());

  test("a single candidate drives without a probe; no candidate leaves it to the scope", async () => {
    expect(await chooseDriver(db, EVERYTHING, {})).toBe("scope");
    expect(await chooseDriver(db, EVERYTHING, { eventType: "star" })).toBe("event_type");
    expect(await chooseDriver(db, scope(["busy/*"]), {})).toBe("scope");
  });

  test("on SQLite the value that reads least drives: the rarest, unless another's index holds the other conditions; PostgreSQL's planner decides for itself", async () => {
    const sqlite = db.provider === "sqlite";
    // Bob (3 events) is rarer than Busy/Repo (36), and his index holds the repository too.
    expect(await chooseDriver(db, EVERYTHING, { repository: "busy/repo", actor: "bob" })).toBe("actor");
    // Quiet/Repo (1 event, its rows read for the actor) against Alice (34, the repository in her index): 1 × 30 < 34.
    expect(await chooseDriver(db, EVERYTHING, { repository: "quiet/repo", actor: "alice" })).toBe(sqlite ? "repository" : "actor");
    expect(await chooseDriver(db, scope(["busy/*"]), { actor: "bob" })).toBe("actor");
    expect(await chooseDriver(db, scope(["Quiet/Repo"]), { eventType: "star" })).toBe(sqlite ? "scope" : "event_type");
    // Every star (35) against the owner's 36 events, whose index holds the type: the owner's scan reads no row.
    expect(await chooseDriver(db, scope(["busy/*"]), { eventType: "star" })).toBe(sqlite ? "scope" : "event_type");
    // Without --private the visibility is checked too, which every list index holds.
    expect(await chooseDriver(db, scope(["busy/*"], false), { eventType: "star" })).toBe(sqlite ? "scope" : "event_type");
    // Two issues events (their rows read for the owner) against the owner's 36 (the type in its index): 2 × 30 > 36.
    expect(await chooseDriver(db, scope(["busy/*"]), { eventType: "issues" })).toBe(sqlite ? "scope" : "event_type");
    // An action is only in the row: every driver reads rows, and the rarest drives.
    expect(await chooseDriver(db, scope(["busy/*"]), { eventType: "issues", action: "opened" })).toBe("event_type");
  });
});
