import type { PushConfig } from "../../src/config.js";
import { runDeliveriesCommand } from "../../src/delivery/cli/deliveries-command.js";
import { runSubscriptionCommand } from "../../src/delivery/cli/subscription-command.js";
import { generateWebhookSecret } from "../../src/delivery/signing.js";
import { addSubscription } from "../../src/delivery/subscriptions.js";
import type { Db } from "../../src/store/db.js";
import { testDatabases } from "../support/databases.js";
import { WebhookReceiver, type Responder } from "../support/delivery-receiver.js";
import { fastConfig, startPushWorld, waitFor, type PushWorld } from "../support/delivery-world.js";

const databases = await testDatabases();

describe.each(databases)("webhook delivery on $name", (database) => {
  let db: Db;
  let url: string;
  let drop: () => Promise<void>;
  let world: PushWorld | null;
  let receiver: WebhookReceiver | null;
  const secret = generateWebhookSecret();

  beforeEach(async () => {
    ({ db, url, drop } = await database.create());
    world = null;
    receiver = null;
  });
  afterEach(async () => {
    await world?.stop();
    await receiver?.close();
    await drop();
  });

  async function start(respond: Responder, config: PushConfig = fastConfig(), rules: Record<string, unknown> = {}): Promise<PushWorld> {
    receiver = await WebhookReceiver.start(secret, respond);
    await addSubscription(db.prisma, { name: "hooks", webhook: { url: receiver.url, secret }, rules });
    world = await startPushWorld(db, url, config);
    return world;
  }

  const deliveryRows = () => db.prisma.delivery.findMany({ orderBy: { id: "asc" }, include: { attemptLog: { orderBy: { id: "asc" } } } });
  const subscription = () => db.prisma.subscription.findUniqueOrThrow({ where: { name: "hooks" } });
  const settled = async () => (await deliveryRows()).every((row) => row.status !== "pending");

  test("a matching event arrives signed, in the Standard Webhooks envelope, and its attempt is logged", async () => {
    const { ingest } = await start(() => ({ status: 200, body: "thanks" }));
    const eventId = await ingest("gh-1", { name: "pull_request", action: "opened", repository: "octo-org/hello" });
    const [request] = await waitFor("the webhook", () => receiver!.accepted.length === 1 && receiver!.accepted);
    await waitFor("the delivery to be recorded", settled);

    const [delivery] = await deliveryRows();
    const stored = JSON.parse((await db.prisma.event.findUniqueOrThrow({ where: { id: eventId } })).event);
    expect(receiver!.rejected).toEqual([]);
    expect(request!.id).toBe(`msg_${delivery!.id}`);
    expect(Math.abs(Number(request!.timestamp) - Date.now() / 1000)).toBeLessThan(60);
    expect(request!.payload).toEqual({ type: "pull_request.opened", timestamp: stored.timestamp, data: stored });
    expect(delivery).toMatchObject({ status: "delivered", attempts: 1, claimedUntil: null, lastError: null, deliveredAt: expect.any(Date) });
    expect(delivery!.attemptLog).toEqual([
      expect.objectContaining({
        subscriptionId: (await subscription()).id,
        number: 1,
        trigger: "scheduled",
        statusCode: 200,
        response: "thanks",
        error: null,
        durationMs: expect.any(Number),
        startedAt: expect.any(Date),
      }),
    ]);
  });

  test("events that match no rule are not queued at all", async () => {
    const { ingest } = await start(() => ({ status: 204 }), fastConfig(), { events: ["issues.opened"], repositories: ["octo-org/*"] });
    await ingest("gh-pr", { name: "pull_request", action: "opened", repository: "octo-org/hello" });
    await ingest("gh-other-repo", { name: "issues", action: "opened", repository: "globex/web" });
    await ingest("gh-match", { name: "issues", action: "opened", repository: "octo-org/hello" });
    await waitFor("the matching event", () => receiver!.accepted.length === 1);
    expect(receiver!.accepted[0]!.payload.data.delivery_id).toBe("gh-match");
    expect(await db.prisma.delivery.count()).toBe(1);
  });

  test("receiver down, then up: retried until delivered, with exactly one accepted webhook-id", async () => {
    const down = await WebhookReceiver.start(secret);
    const port = Number(new URL(down.url).port);
    await down.close();
    await addSubscription(db.prisma, { name: "hooks", webhook: { url: down.url, secret }, rules: {} });
    world = await startPushWorld(db, url, fastConfig({ delivery: { retryScheduleMs: Array(50).fill(30) } }));
    await world.ingest("gh-1", { name: "issues", action: "opened" });
    await waitFor("two refused attempts", async () => (await db.prisma.deliveryAttempt.count()) >= 2);

    receiver = await WebhookReceiver.start(secret, () => ({ status: 204 }), port);
    await waitFor("the delivery", settled);
    const [delivery] = await deliveryRows();
    expect(delivery!.status).toBe("delivered");
    expect(receiver.acceptedIds()).toEqual([`msg_${delivery!.id}`]);
    const log = delivery!.attemptLog;
    expect(log.at(-1)).toMatchObject({ statusCode: 204, error: null });
    expect(log.slice(0, -1).every((attempt) => attempt.statusCode === null && attempt.error === "ECONNREFUSED")).toBe(true);
    expect(delivery!.attempts).toBe(log.length);
    expect((await subscription()).failingSince).toBeNull();
  });

  test("410 Gone disables the subscription with a reason and dead-letters the delivery; new events are no longer queued", async () => {
    const { ingest, service } = await start(() => ({ status: 410, body: "gone for good" }));
    await ingest("gh-1", { name: "issues", action: "opened" });
    await waitFor("the delivery to be dead-lettered", settled);
    const [delivery] = await deliveryRows();
    expect(delivery).toMatchObject({ status: "failed", attempts: 1, lastError: "HTTP 410: gone for good" });
    expect(await subscription()).toMatchObject({
      enabled: false,
      disabledReason: expect.stringMatching(/^The endpoint answered 410 Gone at .*code-buddy subscription enable hooks$/),
    });
    expect(receiver!.received).toHaveLength(1);

    await service.directory.refresh();
    await ingest("gh-2", { name: "issues", action: "opened" });
    expect(await db.prisma.delivery.count()).toBe(1);
  });

  test("Retry-After is honoured: the retry waits as long as the receiver asked", async () => {
    // The first retry would come after 20 ms; Retry-After is capped at the longest step (5 s), so 1 s is honoured.
    const config = fastConfig({ delivery: { retryScheduleMs: [20, 5000] } });
    await start((_, index) => (index === 0 ? { status: 429, headers: { "retry-after": "1" }, body: "slow down" } : { status: 200 }), config);
    await world!.ingest("gh-1", { name: "issues", action: "opened" });
    await waitFor("the delivery", settled);
    const [first, second] = receiver!.received;
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(1000);
    expect(second!.id).toBe(first!.id);
    expect((await deliveryRows())[0]!.attemptLog.map((attempt) => [attempt.statusCode, attempt.response])).toEqual([
      [429, "slow down"],
      [200, ""],
    ]);
  });

  test("a 429 or a timeout waits at least a minute before the next try, like Svix; another failure waits its step", async () => {
    const config = fastConfig({ delivery: { retryScheduleMs: [20, 10 * 60_000], webhookTimeoutMs: 300, leaseMs: 2500 }, letta: { timeoutMs: 300 } });
    const answers: Record<string, () => Promise<{ status: number }> | { status: number }> = {
      "octo-org/busy": () => ({ status: 429 }),
      "octo-org/slow": () => new Promise(() => {}),
      "octo-org/broken": () => ({ status: 500 }),
    };
    await start((request) => answers[request.payload.data.repository!.full_name]!(), config);
    for (const repository of Object.keys(answers)) await world!.ingest(`gh-${repository}`, { name: "issues", action: "opened", repository });
    await waitFor(
      "a 500 to be retried while the others wait",
      () => receiver!.received.filter((request) => request.payload.data.repository!.full_name === "octo-org/broken").length >= 2,
    );
    await waitFor("the timeout to be logged", async () => (await db.prisma.deliveryAttempt.count()) >= 4);
    const waits = Object.fromEntries(
      (await deliveryRows()).map((row) => [
        row.orderKey.split(":")[1],
        row.status === "pending" && row.attemptLog.length === 1 ? row.nextAttemptAt.getTime() - row.attemptLog[0]!.startedAt.getTime() : null,
      ]),
    );
    expect(waits["octo-org/busy"]).toBeGreaterThanOrEqual(60_000);
    expect(waits["octo-org/slow"]).toBeGreaterThanOrEqual(60_000);
    expect(waits["octo-org/busy"]).toBeLessThan(2 * 60_000);
    expect(receiver!.received.filter((request) => request.payload.data.repository!.full_name !== "octo-org/broken")).toHaveLength(2);
  });

  test("a redirect is not followed: it counts as a failure, logged with where it pointed", async () => {
    await start((_, index) => (index === 0 ? { status: 302, headers: { location: "http://127.0.0.1:9/elsewhere" } } : { status: 204 }));
    await world!.ingest("gh-1", { name: "issues", action: "opened" });
    await waitFor("the delivery", settled);
    const [delivery] = await deliveryRows();
    expect(delivery!.attemptLog[0]).toMatchObject({
      statusCode: 302,
      error: "redirect to http://127.0.0.1:9/elsewhere not followed: set the subscription's URL to the final address",
    });
    expect(delivery).toMatchObject({ status: "delivered", attempts: 2 });
  });

  test("a receiver that does not answer in time is a failed try, retried with the same webhook-id", async () => {
    const config = fastConfig({ delivery: { webhookTimeoutMs: 300, leaseMs: 2500 }, letta: { timeoutMs: 300 } });
    await start((_, index) => (index === 0 ? new Promise(() => {}) : { status: 204 }), config);
    await world!.ingest("gh-1", { name: "issues", action: "opened" });
    await waitFor("the delivery", settled);
    const [delivery] = await deliveryRows();
    expect(delivery!.attemptLog.map((attempt) => [attempt.statusCode, attempt.error])).toEqual([
      [null, "no answer within 0.3 s"],
      [204, null],
    ]);
    expect(delivery!.attemptLog[0]!.durationMs).toBeGreaterThanOrEqual(290);
    expect(receiver!.received.map((request) => request.id)).toEqual([`msg_${delivery!.id}`, `msg_${delivery!.id}`]);
  });

  test("stopping the worker aborts what is in flight and gives it back untried, for the next worker to send at once", async () => {
    await start(() => new Promise(() => {}));
    await world!.ingest("gh-1", { name: "issues", action: "opened" });
    await waitFor("the request", () => receiver!.received.length === 1);
    await world!.stop();
    world = null;
    const [delivery] = await deliveryRows();
    expect(delivery).toMatchObject({ status: "pending", attempts: 0, claimedUntil: null });
    expect(delivery!.attemptLog).toEqual([]);
  });

  test("retries exhausted: failed and listed by `deliveries list --failed`; `deliveries retry` queues it again and it is delivered", async () => {
    let healthy = false;
    await start(() => (healthy ? { status: 200 } : { status: 500, body: "E".repeat(5000) }), fastConfig({ delivery: { retryScheduleMs: [10, 10] } }));
    await world!.ingest("gh-1", { name: "issues", action: "opened", repository: "octo-org/hello" });
    await waitFor("the delivery to fail for good", settled);
    const [failed] = await deliveryRows();
    expect(failed).toMatchObject({ status: "failed", attempts: 3, lastError: `HTTP 500: ${"E".repeat(200)}` });
    expect(failed!.attemptLog.map((attempt) => attempt.response!.length)).toEqual([1000, 1000, 1000]);

    const out: string[] = [];
    const io = { out: (line: string) => out.push(line), err: (line: string) => out.push(`ERR ${line}`) };
    expect(await runDeliveriesCommand({ databaseUrl: url }, ["list", "--failed"], io)).toBe(0);
    expect(out[0]).toMatch(/^ID\s+STATUS\s+SUBSCRIPTION\s+EVENT\s+REPOSITORY\s+TRIES\s+CREATED\s+NEXT TRY\s+LAST ERROR$/);
    expect(out[1]).toMatch(new RegExp(`^${failed!.id}\\s+failed\\s+hooks\\s+issues.opened\\s+octo-org/hello\\s+3\\s+\\S+Z\\s+-\\s+HTTP 500: E+…$`));

    healthy = true;
    out.length = 0;
    expect(await runDeliveriesCommand({ databaseUrl: url }, ["retry", String(failed!.id)], io)).toBe(0);
    expect(out).toEqual([`Delivery ${failed!.id} (issues.opened to "hooks") is queued again with a fresh retry schedule.`]);
    await waitFor("the replayed delivery", settled);
    const [delivered] = await deliveryRows();
    expect(delivered).toMatchObject({ status: "delivered", attempts: 4, manualRetryAfter: 3 });
    expect(delivered!.attemptLog.map((attempt) => [attempt.number, attempt.trigger, attempt.statusCode])).toEqual([
      [1, "scheduled", 500],
      [2, "scheduled", 500],
      [3, "scheduled", 500],
      [4, "manual retry", 200],
    ]);
    expect(receiver!.acceptedIds()).toEqual([`msg_${failed!.id}`]);

    out.length = 0;
    expect(await runDeliveriesCommand({ databaseUrl: url }, ["show", String(failed!.id)], io)).toBe(0);
    expect(out[0]).toBe(`Delivery ${failed!.id} to "hooks": delivered after 4 tries.`);
    expect(out[3]).toMatch(/^TRY\s+TRIGGER\s+STARTED\s+DURATION\s+STATUS\s+ANSWER OR ERROR$/);
    expect(out.slice(4).map((line) => line.split(/\s{2,}/).filter((_, column) => column !== 2 && column !== 3 && column !== 5))).toEqual([
      ["1", "scheduled", "500"],
      ["2", "scheduled", "500"],
      ["3", "scheduled", "500"],
      ["4", "manual retry", "200"],
    ]);
  });

  test("a manual retry that fails goes on with a fresh schedule, counting on from its tries", async () => {
    await start(() => ({ status: 500 }), fastConfig({ delivery: { retryScheduleMs: [10] } }));
    await world!.ingest("gh-1", { name: "issues", action: "opened" });
    await waitFor("the delivery to fail for good", settled);
    const io = { out: () => {}, err: () => {} };
    expect(await runDeliveriesCommand({ databaseUrl: url }, ["retry", "--failed"], io)).toBe(0);
    await waitFor("the retried delivery to fail for good again", async () => (await settled()) && (await db.prisma.deliveryAttempt.count()) === 4);
    const [failed] = await deliveryRows();
    expect(failed).toMatchObject({ status: "failed", attempts: 4, manualRetryAfter: 2 });
    expect(failed!.attemptLog.map((attempt) => [attempt.number, attempt.trigger])).toEqual([
      [1, "scheduled"],
      [2, "scheduled"],
      [3, "manual retry"],
      [4, "scheduled"],
    ]);
  });

  test("`deliveries retry --failed` queues every failed delivery again", async () => {
    let healthy = false;
    await start(() => ({ status: healthy ? 200 : 503 }), fastConfig({ delivery: { retryScheduleMs: [] } }));
    await world!.ingest("gh-1", { name: "issues", action: "opened", repository: "octo-org/a" });
    await world!.ingest("gh-2", { name: "issues", action: "opened", repository: "octo-org/b" });
    await waitFor("both to fail", async () => (await db.prisma.delivery.count({ where: { status: "failed" } })) === 2);
    healthy = true;
    const out: string[] = [];
    const io = { out: (line: string) => out.push(line), err: (line: string) => out.push(`ERR ${line}`) };
    expect(await runDeliveriesCommand({ databaseUrl: url }, ["retry", "--failed", "--since", "2020-01-01T00:00:00Z"], io)).toBe(0);
    expect(out).toEqual(["Queued 2 failed deliveries again with a fresh retry schedule."]);
    await waitFor("both to be delivered", async () => (await db.prisma.delivery.count({ where: { status: "delivered" } })) === 2);
    expect(new Set(receiver!.acceptedIds()).size).toBe(2);
  });

  test("a failing streak starts at the first failure and ends at the first success", async () => {
    let healthy = false;
    await start(() => ({ status: healthy ? 200 : 500 }), fastConfig({ delivery: { retryScheduleMs: [60_000] } }));
    await world!.ingest("gh-1", { name: "issues", action: "opened" });
    const since = await waitFor("the streak to start", async () => (await subscription()).failingSince ?? undefined);
    expect(Date.now() - since.getTime()).toBeLessThan(10_000);
    healthy = true;
    await db.prisma.delivery.updateMany({ data: { nextAttemptAt: new Date() } });
    await waitFor("the delivery", settled);
    expect(await subscription()).toMatchObject({ enabled: true, failingSince: null });
  });

  test("a subscription failing for longer than the threshold is disabled with the reason; enabling it resumes its queue", async () => {
    let healthy = false;
    await start(() => ({ status: healthy ? 200 : 500, body: "database is down" }), fastConfig({ delivery: { retryScheduleMs: [60_000], disableAfterMs: 5 * 86_400_000 } }));
    const sixDaysAgo = new Date(Date.now() - 6 * 86_400_000);
    await db.prisma.subscription.update({ where: { name: "hooks" }, data: { failingSince: sixDaysAgo } });
    await world!.service.directory.refresh();
    await world!.ingest("gh-1", { name: "issues", action: "opened" });
    const disabled = await waitFor("the subscription to be disabled", async () => ((await subscription()).enabled ? undefined : subscription()));
    expect(disabled.disabledReason).toBe(
      `Every delivery has failed since ${sixDaysAgo.toISOString()} (last error: HTTP 500: database is down). Fix the receiver, then: code-buddy subscription enable hooks`,
    );
    expect((await deliveryRows())[0]).toMatchObject({ status: "pending", attempts: 1 });

    healthy = true;
    const out: string[] = [];
    expect(await runSubscriptionCommand({ databaseUrl: url, ...fastConfig() }, ["enable", "hooks"], { out: (l) => out.push(l), err: (l) => out.push(l) })).toBe(0);
    await waitFor("the delivery after enabling", settled);
    expect((await deliveryRows())[0]).toMatchObject({ status: "delivered", attempts: 2 });
    expect(await subscription()).toMatchObject({ enabled: true, disabledReason: null, failingSince: null });
  });
});
