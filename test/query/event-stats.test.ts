import { eventStats } from "../../src/query/event-stats.js";
import type { Db } from "../../src/store/db.js";
import { testDatabases } from "../support/databases.js";
import { WORLD } from "../support/query-world.js";
import { EVERYTHING, minute, scope, storeAll } from "../support/stored-events.js";

const databases = await testDatabases();

describe.each(databases)("eventStats on $name", (database) => {
  let db: Db;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    ({ db, drop } = await database.create());
    await storeAll(db, WORLD);
  });
  afterAll(() => drop());

  test("counts every visible event by type and repository, largest first, with the time span", async () => {
    const stats = await eventStats(db, EVERYTHING);
    expect(stats).toEqual({
      total_events: 14,
      event_types: { pull_request: 4, issues: 3, organization: 2, issue_comment: 1, push: 1, release: 1, star: 1, workflow_run: 1 },
      unique_repositories: 4,
      repositories: { "acme/api": 7, "acme/secret": 2, "globex/web": 2, "globex/internal": 1 },
      first_event_at: minute(0).toISOString(),
      last_event_at: minute(13).toISOString(),
    });
    expect(Object.keys(stats.event_types).slice(0, 2)).toEqual(["pull_request", "issues"]);
  });

  test("narrows to a period and a repository given in any spelling", async () => {
    expect(await eventStats(db, EVERYTHING, { since: minute(3), until: minute(7), repository: "ACME/api" })).toEqual({
      total_events: 1,
      event_types: { issue_comment: 1 },
      unique_repositories: 1,
      repositories: { "acme/api": 1 },
      first_event_at: minute(4).toISOString(),
      last_event_at: minute(4).toISOString(),
    });
  });

  test("leaves out what the scope hides, private events included; an empty result has no span", async () => {
    const publicAcme = await eventStats(db, scope(["acme/*"], false));
    expect(publicAcme).toMatchObject({ total_events: 8, repositories: { "acme/api": 7 }, unique_repositories: 1, event_types: { organization: 1 } });
    expect(await eventStats(db, scope(["nobody/*"]))).toEqual({
      total_events: 0,
      event_types: {},
      unique_repositories: 0,
      repositories: {},
      first_event_at: null,
      last_event_at: null,
    });
  });
});
