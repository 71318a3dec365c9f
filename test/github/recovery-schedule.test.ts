import nock from "nock";
import parsePrometheusTextFormat from "parse-prometheus-text-format";
import { pino } from "pino";
import { Probot, ProbotOctokit } from "probot";
import { scheduleRecovery } from "../../src/github/recovery-schedule.js";
import { countRecoveries } from "../../src/metrics/instrument.js";
import { createMetrics, type Metrics } from "../../src/metrics/metrics.js";
import { deploymentStatus, describeStatus } from "../../src/ops/deployment-status.js";
import type { Db } from "../../src/store/db.js";
import { testDatabases } from "../support/databases.js";
import { waitFor } from "../support/delivery-world.js";
import { TEST_PRIVATE_KEY } from "../support/webhooks.js";

const databases = await testDatabases();
const NOW = Date.parse("2026-11-21T12:00:00Z");
const log = pino({ level: "silent" });
const UP_TO_DATE = { upToDate: true, pending: [] };

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect("127.0.0.1");
});
afterAll(() => {
  nock.enableNetConnect();
  nock.restore();
});

async function recoveryRuns(metrics: Metrics): Promise<Record<string, number>> {
  const family = parsePrometheusTextFormat(await metrics.registry.metrics()).find((candidate) => candidate.name === "code_buddy_recovery_runs_total");
  return Object.fromEntries((family?.metrics ?? []).map((metric) => [metric.labels?.outcome, Number(metric.value)]));
}

describe.each(databases)("the recovery schedule on $name", (database) => {
  let db: Db;
  let drop: () => Promise<void>;
  let octokit: ProbotOctokit;

  beforeAll(async () => {
    const probot = new Probot({ appId: 123, privateKey: TEST_PRIVATE_KEY, log, Octokit: ProbotOctokit.defaults({ retry: { enabled: false }, throttle: { enabled: false } }) });
    octokit = await probot.auth();
    ({ db, drop } = await database.create());
  });
  afterAll(async () => {
    nock.cleanAll();
    await drop();
  });

  const runOnce = async (metrics: Metrics, runs: number) => {
    const schedule = scheduleRecovery({ octokit, prisma: db.prisma, intervalMinutes: 30, log, clock: () => new Date(NOW), onRun: countRecoveries(metrics) });
    await waitFor(`recovery run ${runs}`, async () => (await db.prisma.recoveryRun.count()) === runs);
    await schedule.stop();
  };

  test("records each run and counts it by outcome; code-buddy status shows the last", async () => {
    expect((await deploymentStatus(db, UP_TO_DATE, new Date(NOW))).last_recovery).toBeNull();
    const metrics = createMetrics(db.prisma);

    const github = nock("https://api.github.com")
      .get("/app/hook/deliveries")
      .query({ per_page: "100" })
      .reply(200, [{ id: 31, guid: "missed", status_code: 502, delivered_at: new Date(NOW - 5 * 60_000).toISOString(), redelivery: false, event: "issues", action: "opened" }])
      .post("/app/hook/deliveries/31/attempts")
      .reply(202, {});
    await runOnce(metrics, 1);
    expect(github.pendingMocks()).toEqual([]);
    expect(await recoveryRuns(metrics)).toEqual({ ok: 1 });
    const ok = await deploymentStatus(db, UP_TO_DATE, new Date(NOW));
    expect(ok.last_recovery).toEqual({ finished_at: "2026-11-21T12:00:00.000Z", outcome: "ok", checked: 1, redelivered: 1, error: null });
    expect(describeStatus(ok)).toContain("Recovery: last at 2026-11-21T12:00:00.000Z, 1 delivery(ies) checked, 1 redelivered");

    nock("https://api.github.com").get("/app/hook/deliveries").query({ per_page: "100" }).reply(500, { message: "GitHub is down" });
    await runOnce(metrics, 2);
    expect(await recoveryRuns(metrics)).toEqual({ ok: 1, failed: 1 });
    const failed = await deploymentStatus(db, UP_TO_DATE, new Date(NOW));
    expect(failed.last_recovery).toMatchObject({ outcome: "failed", checked: 0, redelivered: 0, error: expect.stringContaining("GitHub is down") });
    expect(describeStatus(failed).find((line) => line.startsWith("Recovery:"))).toMatch(/^Recovery: last at 2026-11-21T12:00:00\.000Z FAILED \(.*GitHub is down.*\)$/);
  });
});
