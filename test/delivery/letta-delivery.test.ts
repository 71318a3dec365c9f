import { addSubscription } from "../../src/delivery/subscriptions.js";
import type { Db } from "../../src/store/db.js";
import { testDatabases } from "../support/databases.js";
import { FakeLetta, type LettaAnswer } from "../support/delivery-fake-letta.js";
import { fastConfig, startPushWorld, waitFor, type PushWorld } from "../support/delivery-world.js";

const databases = await testDatabases();

/** A response the test decides when to send. */
function gate(): { wait: Promise<void>; open(): void } {
  let open: () => void = () => {};
  const wait = new Promise<void>((resolve) => (open = resolve));
  return { wait, open };
}

describe.each(databases)("Letta delivery on $name", (database) => {
  let db: Db;
  let url: string;
  let drop: () => Promise<void>;
  let world: PushWorld | null;
  let letta: FakeLetta;

  beforeEach(async () => {
    ({ db, url, drop } = await database.create());
    world = null;
  });
  afterEach(async () => {
    await world?.stop();
    await letta.close();
    await drop();
  });

  const subscribe = (name: string, agentId: string, { apiKey = "sk-let-test", events = ["*"] } = {}) =>
    addSubscription(db.prisma, { name, letta: { agentId, baseUrl: letta.url, apiKey }, rules: { events } });
  const statuses = async () => (await db.prisma.delivery.findMany({ orderBy: { id: "asc" } })).map((row) => row.status);

  test("one message at a time per agent: events arriving meanwhile are coalesced into the next, in order", async () => {
    const first = gate();
    letta = await FakeLetta.start(async (request) => {
      if (request.deliveryIds.includes("e-0")) await first.wait;
      return { status: 200 };
    });
    await subscribe("agent", "agent-1");
    world = await startPushWorld(db, url, fastConfig());
    await world.ingest("e-0", { name: "issues", action: "opened", repository: "octo-org/a" });
    await waitFor("the first message", () => letta.requests.length === 1);
    for (let i = 1; i <= 5; i += 1) await world.ingest(`e-${i}`, { name: "issues", action: "opened", repository: i % 2 ? "octo-org/a" : "globex/b" });
    first.open();

    await waitFor("every event to be delivered", async () => (await statuses()).every((status) => status === "delivered"));
    expect(letta.requests.map((request) => request.deliveryIds)).toEqual([["e-0"], ["e-1", "e-2", "e-3", "e-4", "e-5"]]);
    expect(letta.maxInFlight.get("agent-1")).toBe(1);
    expect(letta.requests[1]!.content).toMatch(/^5 GitHub events, oldest first:\n\n1\. octocat opened issue #1/);
    expect(letta.requests[0]!.authorization).toBe("Bearer sk-let-test");
    const attempts = await db.prisma.deliveryAttempt.findMany();
    expect(attempts).toHaveLength(6);
    expect(attempts.every((attempt) => attempt.statusCode === 200 && attempt.response!.includes("Noted, thanks."))).toBe(true);
  });

  test("a message holds at most LETTA_MAX_EVENTS_PER_MESSAGE events; another agent is not held up", async () => {
    const first = gate();
    letta = await FakeLetta.start(async (request) => {
      if (request.deliveryIds.includes("a-0")) await first.wait;
      return { status: 200 };
    });
    await subscribe("agent-a", "agent-a", { events: ["issues"] });
    world = await startPushWorld(db, url, fastConfig({ letta: { maxEventsPerMessage: 3 } }));
    await world.ingest("a-0", { name: "issues", action: "opened" });
    await waitFor("the first message", () => letta.requests.length === 1);
    for (let i = 1; i <= 7; i += 1) await world.ingest(`a-${i}`, { name: "issues", action: "opened" });

    await subscribe("agent-b", "agent-b", { apiKey: "", events: ["push"] });
    await world.service.directory.refresh();
    await world.ingest("b-0", { name: "push" });
    const toB = await waitFor("agent-b's message while agent-a's is held", () => letta.requests.find((request) => request.agentId === "agent-b"));
    expect(toB.deliveryIds).toEqual(["b-0"]);
    expect(toB.authorization).toBeNull();

    first.open();
    await waitFor("every event to be delivered", async () => (await statuses()).every((status) => status === "delivered"));
    const toA = letta.requests.filter((request) => request.agentId === "agent-a").map((request) => request.deliveryIds);
    expect(toA).toEqual([["a-0"], ["a-1", "a-2", "a-3"], ["a-4", "a-5", "a-6"], ["a-7"]]);
  });

  test("a failed message is retried with the same events, each attempt logged", async () => {
    const answers: LettaAnswer[] = [{ status: 500, body: { detail: "agent is busy" } }];
    letta = await FakeLetta.start(() => answers.shift() ?? { status: 200 });
    await subscribe("agent", "agent-1");
    world = await startPushWorld(db, url, fastConfig());
    await world.ingest("e-0", { name: "issues", action: "opened" });
    await waitFor("the retry to be delivered", async () => (await statuses()).every((status) => status === "delivered"));
    expect(letta.requests.map((request) => request.deliveryIds)).toEqual([["e-0"], ["e-0"]]);
    const [delivery] = await db.prisma.delivery.findMany({ include: { attemptLog: { orderBy: { id: "asc" } } } });
    expect(delivery!.attemptLog.map((attempt) => [attempt.statusCode, attempt.response])).toEqual([
      [500, '{"detail":"agent is busy"}'],
      [200, expect.stringContaining('"assistant_message"')],
    ]);
  });
});
