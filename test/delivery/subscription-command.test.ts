import { runSubscriptionCommand, type PushCommandConfig } from "../../src/delivery/cli/subscription-command.js";
import { SubscriptionDirectory } from "../../src/delivery/subscription-directory.js";
import type { NormalizedEvent } from "../../src/normalize/types.js";
import type { Db } from "../../src/store/db.js";
import { testDatabases } from "../support/databases.js";
import { FakeLetta } from "../support/delivery-fake-letta.js";
import { WebhookReceiver } from "../support/delivery-receiver.js";
import { fastConfig, silent, waitFor } from "../support/delivery-world.js";

const databases = await testDatabases();

const anEvent = {
  event_type: "issues",
  action: "opened",
  repository: { full_name: "octo-org/hello", private: false },
  sender: { login: "octocat", type: "User" },
  organization: null,
  mentions: [],
} as unknown as NormalizedEvent;

describe.each(databases)("code-buddy subscription on $name", (database) => {
  let db: Db;
  let drop: () => Promise<void>;
  let config: PushCommandConfig;

  beforeEach(async () => {
    const created = await database.create();
    ({ db, drop } = created);
    config = { databaseUrl: created.url, ...fastConfig({ letta: { baseUrl: "https://letta.example.com", apiKey: "sk-from-env" } }) };
  });
  afterEach(() => drop());

  async function run(...args: string[]): Promise<{ code: number; out: string[]; err: string }> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runSubscriptionCommand(config, args, { out: (line) => out.push(line), err: (line) => err.push(line) });
    return { code, out, err: err.join("\n") };
  }

  test("add --webhook prints a generated secret once, alone on the last line; list never shows it", async () => {
    const added = await run(
      "add",
      "ci",
      "--webhook",
      "https://example.com/hooks",
      "--event",
      "pull_request.opened",
      "--event",
      "issues.*",
      "--repo",
      "octo-org/*",
      "--mention",
      "@buddy",
      "--trigger-user",
      "alice",
      "--private",
    );
    expect(added).toMatchObject({ code: 0, err: "" });
    const secret = added.out.at(-1)!;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(added.out.slice(0, -1).join("\n")).not.toContain(secret);
    expect(added.out[0]).toBe(
      'Added subscription "ci": webhook https://example.com/hooks, for events pull_request.opened,issues.*; repos octo-org/*; mentioning @buddy; mentioned by alice; private included.',
    );
    expect(await db.prisma.subscription.findUniqueOrThrow({ where: { name: "ci" } })).toMatchObject({ target: "webhook", secret, enabled: true });

    const listed = await run("list");
    expect(listed.code).toBe(0);
    expect(listed.out[0]).toMatch(/^NAME\s+TARGET\s+DESTINATION\s+RULES\s+STATUS\s+PENDING\s+FAILED$/);
    expect(listed.out[1]).toMatch(/^ci\s+webhook\s+https:\/\/example\.com\/hooks\s+events pull_request\.opened,issues\.\*; .*\s+ok\s+0\s+0$/);
    expect(listed.out.join("\n")).not.toContain(secret);
  });

  test("add --webhook with its own secret prints no secret", async () => {
    const secret = `whsec_${Buffer.alloc(32, 7).toString("base64")}`;
    const added = await run("add", "mine", "--webhook", "https://example.com/hooks", "--secret", secret);
    expect(added.code).toBe(0);
    expect(added.out.join("\n")).not.toContain("whsec_");
    expect((await db.prisma.subscription.findUniqueOrThrow({ where: { name: "mine" } })).secret).toBe(secret);
  });

  test("add --letta-agent takes the server and key from LETTA_BASE_URL / LETTA_API_KEY unless given; list shows neither key", async () => {
    expect((await run("add", "agent", "--letta-agent", "agent-123", "--event", "push")).code).toBe(0);
    expect((await run("add", "local-agent", "--letta-agent", "agent-456", "--letta-url", "http://127.0.0.1:8283", "--letta-key", "")).code).toBe(0);
    const rows = await db.prisma.subscription.findMany({ orderBy: { name: "asc" } });
    expect(rows.map(({ name, target, url, secret, agentId }) => ({ name, target, url, secret, agentId }))).toEqual([
      { name: "agent", target: "letta", url: "https://letta.example.com", secret: "sk-from-env", agentId: "agent-123" },
      { name: "local-agent", target: "letta", url: "http://127.0.0.1:8283", secret: "", agentId: "agent-456" },
    ]);
    const listed = (await run("list")).out.join("\n");
    expect(listed).toMatch(/agent\s+letta\s+agent agent-123 at https:\/\/letta\.example\.com\s+events push\s+ok/);
    expect(listed).not.toContain("sk-from-env");
  });

  test("mistakes are refused with what to do instead", async () => {
    expect((await run("add", "ci", "--webhook", "https://example.com/a")).code).toBe(0);
    expect(await run("add", "ci", "--webhook", "https://example.com/b")).toMatchObject({
      code: 1,
      err: 'A subscription named "ci" already exists. Choose another name, or remove it first: code-buddy subscription remove ci',
    });
    expect(await run("add", "x", "--webhook", "https://example.com", "--letta-agent", "agent-1")).toMatchObject({
      code: 2,
      err: expect.stringMatching(/^subscription add needs one target: --webhook <url> or --letta-agent <agent-id>\.\n\nUsage:\n {2}subscription add/),
    });
    expect(await run("add", "x", "--webhook", "ftp://example.com")).toMatchObject({ code: 1, err: 'The webhook URL "ftp://example.com" must start with https:// (or http://)' });
    expect(await run("add", "x", "--webhook", "https://example.com", "--secret", "hunter2")).toMatchObject({
      code: 1,
      err: expect.stringContaining("The secret must be a Standard Webhooks secret"),
    });
    expect(await run("add", "x", "--webhook", "https://example.com", "--event", "PullRequest")).toMatchObject({
      code: 1,
      err: 'Invalid rules:\n  events.0: must be an event type with an optional action: "push", "pull_request.opened", "issues.*" or "*"',
    });
    expect(await run("add", "x", "--webhook", "https://example.com", "--trigger-user", "alice")).toMatchObject({
      code: 1,
      err: expect.stringContaining("triggerUsers only applies to mentions"),
    });
    expect(await run("list", "--private")).toMatchObject({ code: 2, err: expect.stringContaining("Flags (--private) only go with: subscription add.") });
    expect(await run("add", "x", "--webhook", "https://example.com", "--colour", "red")).toMatchObject({ code: 2, err: expect.stringContaining("Unknown option '--colour'") });
    config = { ...config, letta: { ...config.letta, baseUrl: "https://api.letta.com", apiKey: "" } };
    expect(await run("add", "x", "--letta-agent", "agent-1")).toMatchObject({
      code: 1,
      err: expect.stringMatching(/^Letta Cloud needs an API key: set LETTA_API_KEY or pass --letta-key\./),
    });
    expect(await run("remove", "nope")).toMatchObject({ code: 1, err: 'No subscription named "nope". See the existing ones with: code-buddy subscription list' });
    expect(await run("frobnicate")).toMatchObject({ code: 2, err: expect.stringContaining('Unknown command "subscription frobnicate".') });
  });

  test("test sends a ping now and prints the answer, exit 1 when it fails; each is logged, and list shows the last", async () => {
    let status = 204;
    // The receiver verifies with the generated secret, so it starts once `add` printed it.
    const added = await run("add", "hooks", "--webhook", "http://127.0.0.1:1/unused");
    const verifying = await WebhookReceiver.start(added.out.at(-1)!, () => ({ status, body: status === 204 ? "" : "not today" }));
    try {
      await db.prisma.subscription.update({ where: { name: "hooks" }, data: { url: verifying.url } });
      const ok = await run("test", "hooks");
      expect(ok.code).toBe(0);
      expect(ok.out).toEqual([expect.stringMatching(/^Ping to "hooks" delivered: HTTP 204 after \d+ ms\.$/)]);
      expect(verifying.rejected).toEqual([]);
      expect(verifying.accepted[0]!.payload).toMatchObject({ type: "ping", data: { event_type: "ping", summary: 'Code Buddy test ping for subscription "hooks"' } });
      expect(verifying.accepted[0]!.id).toMatch(/^msg_ping-/);

      status = 500;
      const failed = await run("test", "hooks");
      expect(failed.code).toBe(1);
      expect(failed.out).toEqual([expect.stringMatching(/^Ping to "hooks" failed: HTTP 500 after \d+ ms\.$/), "Response: not today"]);
      expect(await db.prisma.delivery.count()).toBe(0);
      const { id } = await db.prisma.subscription.findUniqueOrThrow({ where: { name: "hooks" } });
      const log = await db.prisma.deliveryAttempt.findMany({ orderBy: { id: "asc" } });
      expect(log.map(({ subscriptionId, deliveryId, number, trigger, statusCode, response }) => ({ subscriptionId, deliveryId, number, trigger, statusCode, response }))).toEqual([
        { subscriptionId: id, deliveryId: null, number: 1, trigger: "test", statusCode: 204, response: "" },
        { subscriptionId: id, deliveryId: null, number: 1, trigger: "test", statusCode: 500, response: "not today" },
      ]);
      const listed = await run("list");
      expect(listed.out.at(-1)).toMatch(/^hooks was last tested \S+Z: HTTP 500 after \d+ ms\.$/);
    } finally {
      await verifying.close();
    }
  });

  test("test pings a Letta agent with a readable message", async () => {
    const letta = await FakeLetta.start();
    try {
      await run("add", "agent", "--letta-agent", "agent-1", "--letta-url", letta.url, "--letta-key", "sk-1");
      const tested = await run("test", "agent");
      expect(tested.code).toBe(0);
      expect(tested.out[0]).toMatch(/^Ping to "agent" delivered: HTTP 200 after \d+ ms\.$/);
      expect(letta.requests).toEqual([
        expect.objectContaining({
          agentId: "agent-1",
          authorization: "Bearer sk-1",
          content: expect.stringMatching(/^GitHub event:\nCode Buddy test ping for subscription "agent"\n/),
        }),
      ]);
    } finally {
      await letta.close();
    }
  });

  test("a running server picks up add, remove and enable within seconds", async () => {
    const directory = new SubscriptionDirectory(db.prisma, silent);
    await directory.start();
    try {
      expect(directory.route(anEvent)).toEqual([]);
      await run("add", "ci", "--webhook", "https://example.com/hooks");
      const [entry] = await waitFor("the new subscription to be routed to", () => directory.route(anEvent).length === 1 && directory.route(anEvent), 5000);
      expect(entry!.orderKey).toMatch(/^\d+:octo-org\/hello$/);
      await db.prisma.subscription.update({ where: { name: "ci" }, data: { enabled: false, disabledReason: "test" } });
      await waitFor("the disabled subscription to be dropped", () => directory.route(anEvent).length === 0, 5000);
      expect((await run("enable", "ci")).out).toEqual(['Enabled subscription "ci": its pending deliveries go out again, in order, within a few seconds.']);
      await waitFor("the enabled subscription to be routed to again", () => directory.route(anEvent).length === 1, 5000);
      expect((await run("remove", "ci")).code).toBe(0);
      await waitFor("the removed subscription to be dropped", () => directory.route(anEvent).length === 0, 5000);
    } finally {
      await directory.stop();
    }
  });
});
