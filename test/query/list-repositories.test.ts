import { listRepositories } from "../../src/query/list-repositories.js";
import type { Db } from "../../src/store/db.js";
import { testDatabases } from "../support/databases.js";
import { WORLD } from "../support/query-world.js";
import { EVERYTHING, minute, scope, store, storeAll } from "../support/stored-events.js";

const databases = await testDatabases();

describe.each(databases)("listRepositories on $name", (database) => {
  let db: Db;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    ({ db, drop } = await database.create());
    await storeAll(db, WORLD);
  });
  afterAll(() => drop());

  test("lists each repository once, spelled as GitHub does, most recently active first", async () => {
    expect(await listRepositories(db, EVERYTHING)).toEqual([
      { full_name: "Globex/Web", private: false, events: 2, last_event_at: minute(13).toISOString(), last_event_type: "star" },
      { full_name: "Acme/Secret", private: true, events: 2, last_event_at: minute(12).toISOString(), last_event_type: "pull_request" },
      { full_name: "Acme/API", private: false, events: 7, last_event_at: minute(11).toISOString(), last_event_type: "release" },
      { full_name: "Globex/Internal", private: true, events: 1, last_event_at: minute(6).toISOString(), last_event_type: "issues" },
    ]);
  });

  test("counts only visible events: a repository made public shows its public events to public-only tokens", async () => {
    await store(db, { id: "secret-goes-public", name: "public", repository: "Acme/Secret", private: false, at: minute(30) });
    expect(await listRepositories(db, scope(["acme/*"], false))).toEqual([
      { full_name: "Acme/Secret", private: false, events: 1, last_event_at: minute(30).toISOString(), last_event_type: "public" },
      { full_name: "Acme/API", private: false, events: 7, last_event_at: minute(11).toISOString(), last_event_type: "release" },
    ]);
    expect((await listRepositories(db, scope(["acme/secret"]))).map((repository) => [repository.full_name, repository.events])).toEqual([["Acme/Secret", 3]]);
    expect(await listRepositories(db, scope(["nobody/*"]))).toEqual([]);
  });
});
