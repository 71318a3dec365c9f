import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildCli, runCli } from "../support/cli.js";
import { testDatabases } from "../support/databases.js";
import { FakeGitHub } from "../support/fake-github.js";
import { FakeHistory } from "../support/fake-history.js";
import { TEST_PRIVATE_KEY, TEST_SECRET } from "../support/webhooks.js";

const [sqlite] = await testDatabases();

describe("code-buddy backfill (the compiled CLI, against a fake GitHub)", () => {
  let fake: FakeGitHub;
  let history: FakeHistory;
  let cwd: string;

  beforeAll(async () => {
    await buildCli();
    fake = await FakeGitHub.start();
    history = new FakeHistory({ issues: 10, pulls: 6, comments: 30, releases: 1, runs: 2 }, new Date()).serve(fake);
    fake
      .route(`GET /repos/${history.fullName}/installation`, () => ({ status: 200, body: { id: 77, account: history.repository.owner } }))
      .route("GET /app/installations", () => ({ status: 200, body: [{ id: 77, account: history.repository.owner }] }))
      .route("GET /installation/repositories", () => ({ status: 200, body: { total_count: 1, repositories: [history.repository] } }));
    cwd = mkdtempSync(join(tmpdir(), "code-buddy-backfill-"));
  }, 120_000);
  afterAll(async () => {
    await fake.close();
    rmSync(cwd, { recursive: true, force: true });
  });

  const env = (databaseUrl: string) => ({ APP_ID: "123", PRIVATE_KEY: TEST_PRIVATE_KEY, WEBHOOK_SECRET: TEST_SECRET, DATABASE_URL: databaseUrl, ...fake.env });

  test("imports the named repository with a progress bar, then every installed repository, storing nothing twice", async () => {
    const { db, url, drop } = await sqlite!.create();
    try {
      const first = await runCli(["backfill", "--repo", history.fullName, "--days", "14"], env(url), cwd);
      expect(first.code).toBe(0);
      const stored = await db.prisma.event.count({ where: { deliveryId: { startsWith: "backfill:" } } });
      expect(stored).toBe(10 + 5 + 6 + 3 + 30 + 6 + 1 + 2);
      const lines = first.stderr.trim().split("\n");
      expect(lines[0]).toBe("[........................] 0/1 repositories · 0 events · 0 API calls");
      const jobCalls = fake.calls(/^\/repos\/[^/]+\/[^/]+(\/(?!installation$).*)?$/).length;
      expect(lines.slice(-2)).toEqual([
        `[########################] 1/1 repositories · ${stored} events · ${jobCalls} API calls`,
        expect.stringMatching(/^Done in \d+(\.\d)? s\.$/),
      ]);

      const again = await runCli(["backfill"], env(url), cwd);
      expect(again.code).toBe(0);
      expect(again.stderr).toContain("[########################] 1/1 repositories · 0 events");
      expect(await db.prisma.event.count()).toBe(stored);
    } finally {
      await drop();
    }
  });

  test("bad arguments and a repository the app is not installed on are refused, saying what to do", async () => {
    const { url, drop } = await sqlite!.create();
    try {
      const badRepo = await runCli(["backfill", "--repo", "not-a-repo"], env(url), cwd);
      expect(badRepo).toMatchObject({ code: 1, stderr: expect.stringMatching(/--repo takes owner\/name, e\.g\. --repo octo-org\/hello \(got "not-a-repo"\)/) });
      const badDays = await runCli(["backfill", "--days", "two"], env(url), cwd);
      expect(badDays).toMatchObject({ code: 1, stderr: expect.stringMatching(/--days must be a whole number of days, at least 1/) });
      const missing = await runCli(["backfill", "--repo", "octo-org/elsewhere"], env(url), cwd);
      expect(missing).toMatchObject({ code: 1, stderr: expect.stringMatching(/The app is not installed on octo-org\/elsewhere/) });
      const noApp = await runCli(["backfill"], { DATABASE_URL: url }, cwd);
      expect(noApp).toMatchObject({ code: 1, stderr: expect.stringMatching(/backfill reads GitHub as the app: set APP_ID/) });
    } finally {
      await drop();
    }
  });
});
