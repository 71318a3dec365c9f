import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { pino } from "pino";
import { loadConfig } from "../../src/config.js";
import { addSubscription } from "../../src/delivery/subscriptions.js";
import type { ApiEvent } from "../../src/github/events-api/translate.js";
import { serve, type Serving } from "../../src/serve.js";
import { openDb } from "../../src/store/db.js";
import { applyMigrations } from "../../src/store/migrate.js";
import { WebhookReceiver } from "../support/delivery-receiver.js";
import { FakeGitHub } from "../support/fake-github.js";
import { TEST_PRIVATE_KEY, TEST_SECRET } from "../support/webhooks.js";

const fixtures = JSON.parse(readFileSync(new URL("../fixtures/events-api.json", import.meta.url), "utf8")) as ApiEvent[];
const fixture = (id: string) => fixtures.find((event) => event.id === id)!;

async function until(condition: () => boolean | Promise<boolean>, what: string, ms = 20_000): Promise<void> {
  for (const deadline = Date.now() + ms; !(await condition());) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

describe("EVENTS_SOURCE=events-api: the server polls each installation's feeds on the configured host", () => {
  let github: FakeGitHub;
  let receiver: WebhookReceiver;
  let dir: string;

  beforeAll(async () => {
    github = await FakeGitHub.start();
    receiver = await WebhookReceiver.start("whsec_dGVzdHNlY3JldHRlc3RzZWNyZXR0ZXN0c2VjcmV0");
    dir = mkdtempSync(join(tmpdir(), "code-buddy-poll-"));
  });
  afterAll(async () => {
    await receiver.close();
    await github.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test("an organization's and its repositories' events are stored once each, as events-api events, and pushed to subscriptions", async () => {
    github.route("GET /app", () => ({ status: 200, body: { id: 123, slug: "code-buddy-test" } }));
    github.route("GET /app/hook/deliveries", () => ({ status: 200, body: [] }));
    github.route("GET /app/installations", () => ({
      status: 200,
      body: [
        { id: 7, account: { login: "octo-org", id: 9919, type: "Organization" } },
        { id: 8, account: { login: "suspended-org", id: 9920, type: "Organization" } },
      ],
    }));
    // A suspended installation gets no token; the other installation's feeds are polled regardless.
    github.route("POST /app/installations/8/access_tokens", () => ({ status: 403, body: { message: "This installation has been suspended" } }));
    github.route("GET /installation/repositories", () => ({
      status: 200,
      body: {
        total_count: 2,
        repositories: [
          { id: 1296269, full_name: "octo-org/hello" },
          { id: 1296270, full_name: "octo-org/secret" },
        ],
      },
    }));
    // github.com lists pull requests trimmed; the poll reads the pull request itself for its title.
    github.route("GET /repos/octo-org/hello/pulls/42", () => ({
      status: 200,
      body: {
        number: 42,
        title: "Add dark mode",
        state: "open",
        merged: false,
        draft: false,
        html_url: `${github.webBaseUrl}/octo-org/hello/pull/42`,
        user: { login: "octocat", id: 583231, type: "User" },
        labels: [],
        head: { ref: "dark-mode" },
        base: { ref: "main" },
      },
    }));
    const issue = fixture("52001000004");
    // The organization's feed repeats its repositories' public events: each is stored once.
    github.events("/orgs/octo-org/events").add(fixture("52001000016"), issue);
    github.events("/repos/octo-org/hello/events").add(fixture("52001000001"), issue, fixture("52001000006"));
    github.events("/repos/octo-org/secret/events").add(fixture("52001000003"));

    const url = `file:${join(dir, "events.db")}`;
    await applyMigrations(url);
    const setup = await openDb(url);
    await addSubscription(setup.prisma, { name: "hooks", webhook: { url: receiver.url, secret: "whsec_dGVzdHNlY3JldHRlc3RzZWNyZXR0ZXN0c2VjcmV0" }, rules: {} });
    await setup.close();

    const config = loadConfig({
      ...github.env,
      APP_ID: "123",
      PRIVATE_KEY: TEST_PRIVATE_KEY,
      WEBHOOK_SECRET: TEST_SECRET,
      DATABASE_URL: url,
      PORT: "0",
      HOST: "127.0.0.1",
      EVENTS_SOURCE: "events-api",
      EVENTS_POLL_MIN_INTERVAL_SECONDS: "1",
    });
    const serving: Serving = await serve({ ...config, app: config.app! }, pino({ level: process.env.DEBUG_LOG ? "debug" : "silent" }));
    const db = await openDb(url);
    try {
      await until(async () => (await db.prisma.event.count()) === 5, "the five distinct events");
      await until(() => receiver.accepted.length === 4, "the four public events pushed");
      await until(() => github.calls("/repos/octo-org/hello/events").length >= 2, "a second poll");
    } finally {
      await serving.stop();
    }
    try {
      const rows = await db.prisma.event.findMany({ orderBy: { occurredAt: "asc" } });
      expect(rows.map((row) => [row.deliveryId, row.eventType, row.private])).toEqual([
        ["events-api:52001000001", "pull_request", false],
        ["events-api:52001000003", "pull_request", true],
        ["events-api:52001000004", "issues", false],
        ["events-api:52001000006", "push", false],
        ["events-api:52001000016", "member", false],
      ]);
      expect(rows.map((row) => JSON.parse(row.event).source)).toEqual(Array(5).fill("events-api"));
      // A private repository's event goes only to subscriptions that opted in (--private).
      expect(receiver.accepted.map((request) => request.payload.data.delivery_id).sort()).toEqual([
        "events-api:52001000001",
        "events-api:52001000004",
        "events-api:52001000006",
        "events-api:52001000016",
      ]);
      expect(receiver.accepted.find((request) => request.payload.type === "pull_request.opened")!.payload.data).toMatchObject({
        source: "events-api",
        installation_id: 7,
        summary: 'octocat opened pull request #42 "Add dark mode" in octo-org/hello',
      });
      expect(github.calls("/repos/octo-org/hello/pulls/42")).toHaveLength(1);
      // A pull request the Events API gave whole (GitHub Enterprise Server) is not read again.
      expect(github.calls(/\/pulls\//).map((request) => request.path)).toEqual(["/repos/octo-org/hello/pulls/42"]);
      const repoPoll = github.calls("/repos/octo-org/hello/events")[0]!;
      expect(repoPoll.headers.authorization).toBe("token ghs_installation_7");
      expect(github.calls("/app/installations")[0]!.headers.authorization).toMatch(/^bearer ey/);
      expect(github.calls("/repos/octo-org/hello/events")[1]!.headers["if-none-match"]).toMatch(/^"[0-9a-f]{40}"$/);
      // Links point at the configured host, as GitHub Enterprise Server's own would.
      expect(JSON.parse(rows[0]!.event).subject.url).toBe(`${github.webBaseUrl}/octo-org/hello/pull/42`);
      const feeds = await db.prisma.eventFeed.findMany({ orderBy: { path: "asc" } });
      expect(feeds.map((feed) => [feed.path, feed.installationId, feed.leaseOwner])).toEqual([
        ["/orgs/octo-org/events", 7, null],
        ["/repos/octo-org/hello/events", 7, null],
        ["/repos/octo-org/secret/events", 7, null],
      ]);
    } finally {
      await db.close();
    }
  });

  test("without a GitHub App, a personal token polls GITHUB_POLL_USERS' feeds, and no webhook endpoint exists to forge deliveries to", async () => {
    const url = `file:${join(dir, "personal.db")}`;
    github.events("/users/alice/events").add(fixture("52001000005"));
    github.events("/users/alice/received_events").add(fixture("52001000015"));
    const before = github.requests.length;
    const config = loadConfig({
      ...github.env,
      DATABASE_URL: url,
      PORT: "0",
      HOST: "127.0.0.1",
      EVENTS_SOURCE: "events-api",
      GITHUB_TOKEN: "ghp_personal",
      GITHUB_POLL_USERS: "alice",
    });
    expect(config.app).toBeNull();
    const serving: Serving = await serve(config, pino({ level: "silent" }));
    const db = await openDb(url);
    try {
      await until(async () => (await db.prisma.event.count()) === 2, "alice's two events");
      const webhook = await fetch(`${serving.url}/api/github/webhooks`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-github-event": "ping", "x-github-delivery": "forged", "x-hub-signature-256": "sha256=0" },
        body: "{}",
      });
      expect(webhook.status).toBe(404);
      expect((await fetch(`${serving.url}/health`)).status).toBe(200);
    } finally {
      await serving.stop();
    }
    try {
      const seen = github.requests.slice(before);
      expect(seen.map((request) => request.path)).not.toContain("/app");
      expect(seen.filter((request) => request.path.startsWith("/users/alice/")).every((request) => request.headers.authorization === "token ghp_personal")).toBe(true);
      const rows = await db.prisma.event.findMany({ orderBy: { occurredAt: "asc" } });
      expect(rows.map((row) => [row.deliveryId, row.installationId, row.summary])).toEqual([
        ["events-api:52001000005", null, 'octocat commented on issue #43 "Login fails on Safari" in octo-org/hello'],
        ["events-api:52001000015", null, 'octocat published release "Dark mode" (v1.2.0) in octo-org/hello'],
      ]);
    } finally {
      await db.close();
    }
  });
});
