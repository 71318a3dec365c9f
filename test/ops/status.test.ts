import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { callApi } from "../support/api.js";
import { buildCli, runCli } from "../support/cli.js";
import { startConsoleWorld, type ConsoleWorld } from "../support/console-world.js";
import { testDatabases } from "../support/databases.js";
import { waitFor } from "../support/delivery-world.js";

const databases = await testDatabases();

describe.each(databases)("code-buddy status (the compiled CLI, $name)", (database) => {
  let world: ConsoleWorld;
  let cwd: string;
  const status = (...args: string[]) => runCli(["status", ...args], { DATABASE_URL: world.databaseUrl }, cwd);

  beforeAll(async () => {
    await buildCli();
    cwd = mkdtempSync(join(tmpdir(), "code-buddy-status-"));
    world = await startConsoleWorld(database, { respond: () => ({ status: 503, body: "maintenance" }) });
    await callApi(world.url, "/subscriptions", {
      token: world.tokens.admin,
      method: "POST",
      body: { name: "ci-bot", webhook: { url: world.receiver.url, secret: world.receiverSecret } },
    });
    await world.delivery.directory.refresh();
    await world.webhook({ name: "push", repository: "octo-org/hello" });
    await world.webhook({ name: "issues", action: "opened", repository: "other-org/tools" });
    await waitFor("two failed deliveries", async () => (await callApi(world.url, "/deliveries?status=failed", { token: world.tokens.admin })).json.deliveries.length === 2);
  }, 120_000);

  afterAll(async () => {
    await world.stop();
    rmSync(cwd, { recursive: true, force: true });
  });

  test("says what the deployment is doing: database, events, deliveries per subscription", async () => {
    const text = await status();
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(new RegExp(`^Database: ${database.name}, reachable, migrations up to date$`, "m"));
    expect(text.stdout).toMatch(/^Events: 2 stored, 2 in the last 24 hours, last at \d{4}-\d\d-\d\dT/m);
    expect(text.stdout).toMatch(/^Deliveries: 0 pending, 2 failed \(dead letters\) over 1 subscription\(s\)$/m);
    expect(text.stdout).toMatch(/^ {2}ci-bot: failing since .*, 0 pending, 2 failed \(HTTP 503: maintenance\)$/m);
    // The test server schedules no recovery (see test/github/recovery-schedule.test.ts for a recorded one).
    expect(text.stdout).toMatch(/^Recovery: no check of GitHub's delivery log yet$/m);

    const json = await status("--json");
    expect(JSON.parse(json.stdout)).toMatchObject({
      database: { provider: database.name, reachable: true, migrations_up_to_date: true, pending_migrations: [] },
      events: { stored: 2, last_24_hours: 2 },
      deliveries: { pending: 0, failed: 2, subscriptions: [{ name: "ci-bot", enabled: true, failed: 2 }] },
      last_recovery: null,
      console_sessions: 0,
    });
  });

  test("an unreachable database exits 1 and says what to check", async () => {
    const result = await runCli(["status"], { DATABASE_URL: "postgresql://nobody@127.0.0.1:9/none" }, cwd);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Database: NOT reachable at postgresql:\/\/127\.0\.0\.1:9\/none [\s\S]*Check DATABASE_URL/);
  });
});
