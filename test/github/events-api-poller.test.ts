import { readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { createIngest } from "../../src/github/ingest.js";
import { listFeeds } from "../../src/github/events-api/feed-directory.js";
import { startEventsPoller, type Poller } from "../../src/github/events-api/poller.js";
import type { ApiEvent } from "../../src/github/events-api/translate.js";
import { tokenOctokit } from "../../src/github/octokit.js";
import type { Db } from "../../src/store/db.js";
import { silentLog } from "../support/app-server.js";
import { testDatabases } from "../support/databases.js";
import { FakeGitHub, resetIn, type SeenRequest } from "../support/fake-github.js";

const databases = await testDatabases();
const template = (JSON.parse(readFileSync(new URL("../fixtures/events-api.json", import.meta.url), "utf8")) as ApiEvent[]).find((event) => event.type === "IssuesEvent")!;

let nextId = 60_000_000_000;
/** An IssuesEvent as the Events API lists it, each newer (a higher id) than the last. */
function issueEvent(number: number): ApiEvent {
  nextId += 1;
  const issue = { ...(template.payload.issue as object), number, title: `Issue ${number}`, html_url: `https://github.com/octo-org/hello/issues/${number}` };
  return { ...template, id: String(nextId), payload: { ...template.payload, issue }, created_at: new Date(Date.UTC(2026, 10, 30, 0, 0, number)).toISOString() };
}

async function until(condition: () => boolean | Promise<boolean>, what: string, ms = 20_000): Promise<void> {
  for (const deadline = Date.now() + ms; !(await condition());) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

describe.each(databases)("Events API poller ($name)", (database) => {
  let github: FakeGitHub;
  let db: Db;
  let drop: () => Promise<void>;
  let lifetime: AbortController;
  let poller: Poller | null;

  /** A poller reading alice's feeds with a personal token, as GITHUB_TOKEN + GITHUB_POLL_USERS=alice configure it. */
  function start(minIntervalMs = 1000): Poller {
    lifetime = new AbortController();
    const octokit = tokenOctokit("ghp_test", { apiBaseUrl: github.apiBaseUrl, signal: lifetime.signal, log: silentLog });
    poller = startEventsPoller({
      config: { minIntervalMs, refreshMs: 600_000, concurrency: 4 },
      listFeeds: () => listFeeds({ app: null, installation: () => Promise.reject(new Error("no app")), users: ["alice"], log: silentLog }),
      octokitFor: async () => octokit,
      prisma: db.prisma,
      ingest: createIngest({ db, log: silentLog, clock: () => new Date() }),
      log: silentLog,
      clock: () => new Date(),
      webBaseUrl: github.webBaseUrl,
      signal: lifetime.signal,
      tickMs: 50,
    });
    return poller;
  }

  async function stop(): Promise<void> {
    lifetime.abort();
    await poller?.stopped;
    poller = null;
  }

  const storedCount = () => db.prisma.event.count({ where: { deliveryId: { startsWith: "events-api:" } } });
  const feedCalls = (path: string) => github.calls(path);

  beforeEach(async () => {
    github = await FakeGitHub.start();
    ({ db, drop } = await database.create());
  });
  afterEach(async () => {
    await stop();
    await drop();
    await github.close();
  });

  test("stores each new event once, as the webhook it stands for, sends the ETag back and stops at a 304", async () => {
    const own = github.events("/users/alice/events");
    const received = github.events("/users/alice/received_events");
    own.add(issueEvent(1), issueEvent(2));
    start();
    await until(async () => (await storedCount()) === 2 && feedCalls("/users/alice/received_events").length > 0, "the first poll");
    await until(() => feedCalls("/users/alice/events").length >= 2, "a second poll");
    const [first, second] = feedCalls("/users/alice/events");
    expect(first!.headers["if-none-match"]).toBeUndefined();
    expect(second!.headers["if-none-match"]).toBe(own.etag(1));
    expect(second!.headers.authorization).toBe("token ghp_test");
    expect(received.events).toHaveLength(0);
    await stop();

    const row = await db.prisma.event.findFirstOrThrow({ where: { deliveryId: `events-api:${own.events[0]!.id}` } });
    expect(JSON.parse(row.event)).toMatchObject({
      source: "events-api",
      event_type: "issues",
      action: "opened",
      summary: 'alice opened issue #2 "Issue 2" in octo-org/hello',
      timestamp: "2026-11-30T00:00:02.000Z",
    });
    const feed = await db.prisma.eventFeed.findUniqueOrThrow({ where: { path: "/users/alice/events" } });
    expect(feed).toMatchObject({ etag: own.etag(1), lastEventId: own.events[0]!.id, leaseOwner: null, lastError: null });
    expect(await storedCount()).toBe(2);
  });

  test("waits X-Poll-Interval between two reads of a feed, even when our own minimum is shorter", async () => {
    const feed = github.events("/users/alice/events");
    github.events("/users/alice/received_events");
    feed.pollInterval = 2;
    feed.add(issueEvent(1));
    start(1000);
    await until(() => feedCalls("/users/alice/events").length >= 3, "three polls");
    const times = feedCalls("/users/alice/events").map((request) => request.at);
    for (let i = 1; i < times.length; i += 1) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(2000);
  });

  test("pages back until it reaches an event it stored, and no further", async () => {
    const feed = github.events("/users/alice/events");
    github.events("/users/alice/received_events");
    feed.add(...Array.from({ length: 250 }, (_, i) => issueEvent(i + 1)));
    start();
    await until(async () => (await storedCount()) === 250, "the 250 events GitHub keeps");
    expect(feedCalls("/users/alice/events").map((request) => request.query.get("page") ?? "1")).toEqual(["1", "2", "3"]);
    const before = feedCalls("/users/alice/events").length;
    feed.add(issueEvent(251), issueEvent(252), issueEvent(253));
    await until(async () => (await storedCount()) === 253, "the three new events");
    const later = feedCalls("/users/alice/events").slice(before);
    expect(later.every((request) => (request.query.get("page") ?? "1") === "1")).toBe(true);
    // Stored oldest first: ids follow the order the events happened in.
    const rows = await db.prisma.event.findMany({ where: { deliveryId: { startsWith: "events-api:" } }, orderBy: { id: "asc" }, select: { deliveryId: true } });
    const ids = rows.map((row) => BigInt(row.deliveryId.slice("events-api:".length)));
    expect(ids).toEqual([...ids].sort((a, b) => (a < b ? -1 : 1)));
  });

  test("an event that shows up late, older than where the last poll ended, is still stored", async () => {
    const feed = github.events("/users/alice/events");
    github.events("/users/alice/received_events");
    const late = issueEvent(1);
    feed.add(issueEvent(2), issueEvent(3));
    start();
    await until(async () => (await storedCount()) === 2, "the first two");
    feed.add(issueEvent(4));
    feed.events.splice(2, 0, late);
    await until(async () => (await storedCount()) === 4, "the new event and the late one");
    expect(await db.prisma.event.count({ where: { deliveryId: `events-api:${late.id}` } })).toBe(1);
  });

  test("a restart neither stores again nor misses: it resumes with the saved ETag and position", async () => {
    const feed = github.events("/users/alice/events");
    github.events("/users/alice/received_events");
    feed.add(issueEvent(1), issueEvent(2), issueEvent(3));
    start();
    await until(async () => (await storedCount()) === 3, "the first three");
    await stop();
    const etag = feed.etag(1);
    const before = feedCalls("/users/alice/events").length;
    feed.add(issueEvent(4));
    start();
    await until(async () => (await storedCount()) === 4, "the event added while stopped");
    expect(feedCalls("/users/alice/events")[before]!.headers["if-none-match"]).toBe(etag);
    await until(() => feedCalls("/users/alice/events").length >= before + 2, "a poll after the restart's first");
    await stop();
    start();
    await until(() => feedCalls("/users/alice/events").length >= before + 3, "a poll after a second restart");
    expect(await storedCount()).toBe(4);
    expect(await db.prisma.event.count()).toBe(4);
  });

  test("a 403 with X-RateLimit-Remaining: 0 is retried after the reset, and nothing is lost", async () => {
    const feed = github.events("/users/alice/events");
    github.events("/users/alice/received_events");
    feed.add(issueEvent(1));
    const reset = resetIn(2);
    feed.interruptions.push({
      status: 403,
      headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": reset },
      body: { message: "API rate limit exceeded for user ID 1.", documentation_url: "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api" },
    });
    start();
    await until(async () => (await storedCount()) === 1, "the event, after the reset");
    const [limited, retried] = feedCalls("/users/alice/events");
    expect(retried!.at).toBeGreaterThanOrEqual(Number(reset) * 1000);
    expect(retried!.at - limited!.at).toBeGreaterThanOrEqual(1000);
  });

  test("a secondary rate limit (429 with Retry-After) is retried no sooner than it says", async () => {
    const feed = github.events("/users/alice/events");
    github.events("/users/alice/received_events");
    feed.add(issueEvent(1));
    feed.interruptions.push({
      status: 429,
      headers: { "retry-after": "2" },
      body: { message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.", documentation_url: "https://docs.github.com/rest" },
    });
    start();
    await until(async () => (await storedCount()) === 1, "the event, after Retry-After");
    const [limited, retried] = feedCalls("/users/alice/events");
    expect(retried!.at - limited!.at).toBeGreaterThanOrEqual(2000);
  });

  test("a quota spent down to its reserve holds the next poll until the reset", async () => {
    const feed = github.events("/users/alice/events");
    github.events("/users/alice/received_events");
    feed.add(issueEvent(1));
    const reset = resetIn(3);
    const spent: (request: SeenRequest) => Record<string, string> = () => ({ "x-ratelimit-limit": "5000", "x-ratelimit-remaining": "12", "x-ratelimit-reset": reset });
    github.route("GET /users/alice/events", (request) => {
      const answer = feed.serve(request, github);
      return { ...answer, headers: { ...answer.headers, ...spent(request) } };
    });
    start();
    await until(() => feedCalls("/users/alice/events").length >= 2, "the poll after the reset");
    expect(feedCalls("/users/alice/events")[1]!.at).toBeGreaterThanOrEqual(Number(reset) * 1000);
    expect(await storedCount()).toBe(1);
  });

  test("a feed GitHub refuses is tried again later with the reason saved, and the other feeds go on", async () => {
    github.route("GET /users/alice/events", () => ({ status: 404, body: { message: "Not Found" } }));
    const received = github.events("/users/alice/received_events");
    received.add(issueEvent(1));
    start();
    await until(
      async () => (await storedCount()) === 1 && (await db.prisma.eventFeed.findUnique({ where: { path: "/users/alice/events" } }))?.lastError !== null,
      "the failure recorded",
    );
    const failed = await db.prisma.eventFeed.findUniqueOrThrow({ where: { path: "/users/alice/events" } });
    expect(failed.lastError).toMatch(/^404 /);
    expect(failed.nextPollAt.getTime()).toBeGreaterThanOrEqual(Date.now() + 2000);
    expect(failed.leaseOwner).toBeNull();
  });

  test("two pollers on one database never read a feed at the same time, and store each event once", async () => {
    const feed = github.events("/users/alice/events");
    github.events("/users/alice/received_events");
    feed.add(...Array.from({ length: 30 }, (_, i) => issueEvent(i + 1)));
    let inFlight = 0;
    let overlapped = false;
    github.route("GET /users/alice/events", async (request) => {
      inFlight += 1;
      overlapped ||= inFlight > 1;
      await sleep(100);
      inFlight -= 1;
      return feed.serve(request, github);
    });
    const first = start();
    const firstLifetime = lifetime;
    const second = start();
    await until(() => feedCalls("/users/alice/events").length >= 4, "several polls");
    firstLifetime.abort();
    await first.stopped;
    await stop();
    await second.stopped;
    expect(overlapped).toBe(false);
    expect(await storedCount()).toBe(30);
  });
});
