import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { loadConfig } from "../../src/config.js";
import { serve, type Serving } from "../../src/serve.js";
import type { RunningServer } from "../../src/server.js";
import type { Db } from "../../src/store/db.js";
import { startTestServer } from "../support/app-server.js";
import { testDatabases } from "../support/databases.js";
import { FakeGitHub } from "../support/fake-github.js";
import { TEST_PRIVATE_KEY, TEST_SECRET } from "../support/webhooks.js";

const [sqlite] = await testDatabases();

describe("every GitHub call goes to the configured host (GHE_HOST, GHE_PROTOCOL)", () => {
  let github: FakeGitHub;
  let db: Db;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    github = await FakeGitHub.start();
    ({ db, drop } = await sqlite!.create());
  });
  afterAll(async () => {
    await drop();
    await github.close();
  });

  test("the Octokits Probot builds, as the App and as an installation, talk to the fake's /api/v3", async () => {
    github.route("GET /app", () => ({ status: 200, body: { id: 123, slug: "code-buddy-test" } }));
    github.route("GET /installation/repositories", () => ({ status: 200, body: { total_count: 0, repositories: [] } }));
    const server: RunningServer = await startTestServer({ db, config: { github: loadConfig(github.env).github } });
    try {
      const app = await server.probot.auth();
      expect((await app.request("GET /app")).data).toMatchObject({ slug: "code-buddy-test" });
      const installation = await server.probot.auth(7);
      await installation.request("GET /installation/repositories");
    } finally {
      await server.close();
    }
    expect(github.calls("/app")[0]!.headers.authorization).toMatch(/^bearer ey/);
    expect(github.calls("/app/installations/7/access_tokens", "POST")).toHaveLength(1);
    expect(github.calls("/installation/repositories")[0]!.headers.authorization).toBe("token ghs_installation_7");
  });

  test("the running server asks the fake, not api.github.com, for its slug and its delivery log at start", async () => {
    const dir = mkdtempSync(join(tmpdir(), "code-buddy-ghe-"));
    const config = loadConfig({
      ...github.env,
      APP_ID: "123",
      PRIVATE_KEY: TEST_PRIVATE_KEY,
      WEBHOOK_SECRET: TEST_SECRET,
      DATABASE_URL: `file:${join(dir, "events.db")}`,
      PORT: "0",
      HOST: "127.0.0.1",
    });
    github.route("GET /app/hook/deliveries", () => ({ status: 200, body: [] }));
    const before = github.requests.length;
    const serving: Serving = await serve({ ...config, app: config.app! }, pino({ level: "silent" }));
    try {
      for (const deadline = Date.now() + 10_000; github.calls("/app/hook/deliveries").length === 0 && Date.now() < deadline;)
        await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
      await serving.stop();
      rmSync(dir, { recursive: true, force: true });
    }
    expect(github.requests.slice(before).map((r) => `${r.method} ${r.path}`)).toEqual(expect.arrayContaining(["GET /app", "GET /app/hook/deliveries"]));
  });
});
