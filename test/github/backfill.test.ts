import { Probot } from "probot";
import { startBackfillWorker } from "../../src/github/backfill/backfill-worker.js";
import { runBackfillJob, type BackfillRunDeps } from "../../src/github/backfill/run-backfill-job.js";
import { createIngest } from "../../src/github/ingest.js";
import { probotGitHubOptions } from "../../src/github/octokit.js";
import type { RunningServer } from "../../src/server.js";
import { LOCAL_SCOPE } from "../../src/auth/scope.js";
import { searchEvents } from "../../src/query/search-events.js";
import { threadEvents } from "../../src/query/thread-events.js";
import { claimBackfillJob, enqueueBackfillJobs } from "../../src/store/backfill-jobs.js";
import { updateSearchIndex } from "../../src/store/search-index.js";
import type { Db } from "../../src/store/db.js";
import { silentLog, startTestServer } from "../support/app-server.js";
import { testDatabases } from "../support/databases.js";
import { FakeGitHub, resetIn } from "../support/fake-github.js";
import { FakeHistory } from "../support/fake-history.js";
import { deliver, example, TEST_PRIVATE_KEY, TEST_SECRET } from "../support/webhooks.js";

const databases = await testDatabases();
const INSTALLATION = 77;

async function until(condition: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; !(await condition());) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Probot's Octokit pointed at the fake, under `signal`, as serve.ts builds it. */
function probotFor(fake: FakeGitHub, signal: AbortSignal): Probot {
  return new Probot({
    appId: 123,
    privateKey: TEST_PRIVATE_KEY,
    secret: TEST_SECRET,
    ...probotGitHubOptions({ apiBaseUrl: fake.apiBaseUrl, signal, log: silentLog }),
    log: silentLog,
  });
}

describe.each(databases)("backfill on $name", (database) => {
  let db: Db;
  let drop: () => Promise<void>;
  let fake: FakeGitHub;
  let history: FakeHistory;

  beforeEach(async () => {
    ({ db, drop } = await database.create());
    fake = await FakeGitHub.start();
    history = new FakeHistory({ issues: 6, pulls: 4, comments: 12, reviewComments: 2, releases: 2, runs: 3 }, new Date()).serve(fake);
  });
  afterEach(async () => {
    await fake.close();
    await drop();
  });

  const deps = (signal: AbortSignal, clock = () => new Date()): BackfillRunDeps => ({
    prisma: db.prisma,
    ingest: createIngest({ db, log: silentLog, clock }),
    octokitFor: (id) => probotFor(fake, signal).auth(id),
    clock,
    log: silentLog,
    leaseMs: 60_000,
    signal,
  });
  const backfilled = () => db.prisma.event.findMany({ where: { deliveryId: { startsWith: "backfill:" } }, orderBy: { occurredAt: "asc" } });
  const kinds = (rows: { eventType: string; action: string | null }[]) =>
    rows.reduce<Record<string, number>>((counts, row) => ({ ...counts, [`${row.eventType}.${row.action}`]: (counts[`${row.eventType}.${row.action}`] ?? 0) + 1 }), {});
  const jobFor = async (trigger: string) => {
    await enqueueBackfillJobs(db.prisma, [{ trigger, installationId: INSTALLATION, repository: history.fullName, days: 14 }]);
    return (await claimBackfillJob(db.prisma, new Date(), 60_000, trigger))!;
  };

  test("an installation.created delivery becomes a job per repository, which the server's worker imports as the events they would have been", async () => {
    let server: RunningServer | null = await startTestServer({ db });
    const installed = example("installation", (p) => p.action === "created");
    const payload = {
      ...installed,
      installation: { ...(installed.installation as object), id: INSTALLATION },
      repositories: [{ id: 4242, node_id: "R_4242", name: "hello", full_name: history.fullName, private: false }],
    };
    try {
      expect((await deliver(server.url, { name: "installation", payload })).status).toBe(200);
    } finally {
      await server.close();
      server = null;
    }
    const controller = new AbortController();
    const worker = startBackfillWorker({ ...deps(controller.signal), days: 14, pollMs: 50 });
    try {
      await until(async () => (await db.prisma.backfillJob.findFirst())?.status === "done", "the job to be done");
    } finally {
      await worker.stop();
    }

    const rows = await backfilled();
    expect(kinds(rows)).toEqual({
      "issues.opened": 6,
      "issues.closed": 3,
      "pull_request.opened": 4,
      "pull_request.closed": 2,
      "issue_comment.created": 12,
      "pull_request_review.submitted": 4,
      "pull_request_review_comment.created": 2,
      "release.published": 2,
      "workflow_run.completed": 3,
    });
    const job = (await db.prisma.backfillJob.findFirst())!;
    expect(job).toMatchObject({
      repository: history.fullName,
      installationId: INSTALLATION,
      eventsStored: rows.length,
      stepsDone: '["issues","pull_requests","releases","workflow_runs"]',
      error: null,
    });
    expect(job.apiCalls).toBe(fake.apiCalls().length);
    expect(fake.calls(`/app/installations/${INSTALLATION}/access_tokens`, "POST").length).toBeGreaterThan(0);

    const opened = JSON.parse(rows.find((row) => row.deliveryId === "backfill:issues.opened:10001")!.event);
    expect(opened).toMatchObject({
      source: "backfill",
      event_type: "issues",
      action: "opened",
      timestamp: history.issues[0]!.created_at,
      installation_id: INSTALLATION,
      repository: { full_name: history.fullName, id: 4242 },
      organization: { login: "octo-org" },
      sender: { login: "octocat" },
      subject: { type: "issue", number: 1, title: "Issue 1 needs @alice" },
      summary: 'octocat opened issue #1 "Issue 1 needs @alice" in octo-org/hello',
      mentions: ["alice"],
    });
    const merged = rows.find((row) => row.deliveryId === "backfill:pull_request.closed:20007")!;
    expect(merged.summary).toBe('someone merged pull request #7 "Pull 7" in octo-org/hello');
    expect(merged.threadNumber).toBe(7);
    const review = rows.find((row) => row.eventType === "pull_request_review")!;
    expect(review.summary).toMatch(/^alice approved pull request #\d+ "Pull \d+" in octo-org\/hello$/);
    const comment = JSON.parse(rows.find((row) => row.eventType === "issue_comment")!.event);
    expect(comment).toMatchObject({ sender: { login: "bob" }, mentions: expect.arrayContaining(["bob"]), subject: { number: expect.any(Number) } });
  });

  test("a second run stores nothing twice, and nothing from where the repository's live events begin", async () => {
    // A live webhook four days ago: what happened since came through webhooks already.
    const liveAt = new Date(history.now.getTime() - 4 * 86_400_000);
    const live = { ...example("issues", (p) => p.action === "opened"), repository: history.repository };
    await createIngest({ db, log: silentLog, clock: () => liveAt })({ id: "live-delivery", name: "issues", payload: live, raw: Buffer.from(JSON.stringify(live)) });

    const first = await runBackfillJob(await jobFor("cli:first"), deps(new AbortController().signal));
    const rows = await backfilled();
    expect(first).toMatchObject({ status: "done", eventsStored: rows.length });
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => row.occurredAt < liveAt)).toBe(true);
    const expectedIssues = history.issues.filter((issue) => !("pull_request" in issue) && Date.parse(issue.created_at as string) < liveAt.getTime()).length;
    expect(kinds(rows)["issues.opened"]).toBe(expectedIssues);

    const again = await runBackfillJob(await jobFor("cli:second"), deps(new AbortController().signal));
    expect(again).toMatchObject({ status: "done", eventsStored: 0 });
    expect(await db.prisma.event.count()).toBe(rows.length + 1);
  });

  test("threads and search include backfilled events, in the order they happened", async () => {
    await runBackfillJob(await jobFor("cli:read"), deps(new AbortController().signal));
    await updateSearchIndex(db);
    // Pull request #7: opened and merged, its review, and the comments of its conversation.
    const thread = await threadEvents(db, LOCAL_SCOPE, history.fullName, 7);
    const steps = thread.events.map(({ event }) => `${event.event_type}.${event.action}`);
    expect(steps).toEqual(expect.arrayContaining(["pull_request.opened", "pull_request_review.submitted", "pull_request.closed", "issue_comment.created"]));
    expect(thread.events.every(({ event }) => event.source === "backfill")).toBe(true);
    const times = thread.events.map(({ event }) => Date.parse(event.timestamp));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const found = await searchEvents(db, LOCAL_SCOPE, "Issue 3 needs", {}, { limit: 10 });
    expect(found.events.map(({ event }) => event.delivery_id)).toContain("backfill:issues.opened:10003");
  });

  test("a job interrupted at shutdown is handed back and resumes after its last finished step", async () => {
    const controller = new AbortController();
    let hang = true;
    const reviews = `/repos/${history.fullName}/pulls/:number/reviews`;
    fake.route(`GET ${reviews}`, (request) => {
      if (!hang) return { status: 200, body: history.reviews.get(Number(request.path.split("/")[5])) ?? [] };
      controller.abort(new Error("shutting down"));
      return new Promise(() => {});
    });
    const interrupted = await runBackfillJob(await jobFor("cli:resume"), deps(controller.signal));
    const held = await db.prisma.backfillJob.findUniqueOrThrow({ where: { id: interrupted.id } });
    expect(held).toMatchObject({ status: "pending", claimedUntil: null, stepsDone: '["issues"]' });
    const issueListCalls = fake.calls(`/repos/${history.fullName}/issues`).length;

    hang = false;
    const resumed = await runBackfillJob((await claimBackfillJob(db.prisma, new Date(), 60_000))!, deps(new AbortController().signal));
    expect(resumed).toMatchObject({ status: "done", stepsDone: '["issues","pull_requests","releases","workflow_runs"]' });
    expect(fake.calls(`/repos/${history.fullName}/issues`).length).toBe(issueListCalls);
    expect(resumed.eventsStored).toBe((await backfilled()).length);
  });

  test("a rate limit is waited out (Octokit's throttling), and a part the app may not read is skipped", async () => {
    let limited = true;
    fake.route(`GET /repos/${history.fullName}/releases`, () => {
      if (!limited) return { status: 200, body: history.releases };
      limited = false;
      return { status: 403, headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": resetIn(1) }, body: { message: "API rate limit exceeded" } };
    });
    fake.route(`GET /repos/${history.fullName}/actions/runs`, () => ({ status: 403, body: { message: "Resource not accessible by integration" } }));
    const job = await runBackfillJob(await jobFor("cli:limits"), deps(new AbortController().signal));
    expect(job).toMatchObject({ status: "done", error: null });
    expect(fake.calls(`/repos/${history.fullName}/releases`)).toHaveLength(2);
    expect(kinds(await backfilled())).toMatchObject({ "release.published": 2 });
    expect(kinds(await backfilled())["workflow_run.completed"]).toBeUndefined();
  });
});

describe("what a backfill costs", () => {
  test("14 days of a repository with 100 issues, 100 pull requests and 1,000 comments: 117 API calls", async () => {
    const [sqlite] = databases;
    const { db, drop } = await sqlite!.create();
    const fake = await FakeGitHub.start();
    const history = new FakeHistory({ issues: 100, pulls: 100, comments: 1000, releases: 1, runs: 1 }, new Date()).serve(fake);
    try {
      await enqueueBackfillJobs(db.prisma, [{ trigger: "cli:cost", installationId: INSTALLATION, repository: history.fullName, days: 14 }]);
      const signal = new AbortController().signal;
      const job = await runBackfillJob((await claimBackfillJob(db.prisma, new Date(), 60_000))!, {
        prisma: db.prisma,
        ingest: createIngest({ db, log: silentLog, clock: () => new Date() }),
        octokitFor: (id) => probotFor(fake, signal).auth(id),
        clock: () => new Date(),
        log: silentLog,
        leaseMs: 60_000,
        signal,
      });
      // The repository; issues (pull requests included: 2 pages); comments (10); pull requests (1); one
      // page of reviews per pull request (100); review comments, releases, workflow runs (1 each).
      expect({ apiCalls: job.apiCalls, seen: fake.apiCalls().length }).toEqual({ apiCalls: 117, seen: 117 });
      expect(job.eventsStored).toBe(100 + 50 + 100 + 50 + 1000 + 100 + 1 + 1);
    } finally {
      await fake.close();
      await drop();
    }
  });
});
