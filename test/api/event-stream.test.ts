import { callApi } from "../support/api.js";
import { startConsoleWorld, type ConsoleWorld } from "../support/console-world.js";
import { testDatabases } from "../support/databases.js";
import { waitFor } from "../support/delivery-world.js";
import { openSse, type SseStream } from "../support/sse.js";

const databases = await testDatabases();

describe.each(databases)("GET /api/v1/events/stream ($name)", (database) => {
  let world: ConsoleWorld;
  const open: SseStream[] = [];
  const stream = async (token: string, query = "", headers: Record<string, string> = {}) => {
    const opened = await openSse(`${world.url}/api/v1/events/stream${query}`, { authorization: `Bearer ${token}`, ...headers });
    open.push(opened);
    return opened;
  };
  const deliveryIds = (sse: SseStream) => sse.messages.map((message) => (JSON.parse(message.data) as { delivery_id: string }).delivery_id);

  beforeAll(async () => {
    world = await startConsoleWorld(database, { config: { api: { keepAliveMs: 150, maxStreams: 6 } } });
  });

  afterEach(() => {
    for (const sse of open.splice(0)) sse.close();
  });

  afterAll(() => world.stop());

  test("each stored event the token may see arrives within a second, as an `github` message whose id is its position", async () => {
    const octo = await stream(world.tokens.octo);
    const other = await stream(world.tokens.other);
    expect(octo.status).toBe(200);
    expect(octo.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    await waitFor("the stream's greeting", () => octo.comments.includes("connected"));
    expect(octo.retry).toBe(2000);

    const first = await world.webhook({ name: "issues", action: "opened", repository: "octo-org/hello" });
    const [message] = await octo.waitForMessages(1, 1000);
    expect(message!.event).toBe("github");
    expect(JSON.parse(message!.data)).toMatchObject({ delivery_id: first, event_type: "issues", action: "opened" });
    const row = await world.db.prisma.event.findUniqueOrThrow({ where: { deliveryId: first } });
    expect(message!.id).toBe(String(row.id));

    const secret = await world.webhook({ name: "issues", action: "opened", repository: "other-org/secret", private: true });
    await other.waitForMessages(1, 1000);
    expect(deliveryIds(other)).toEqual([secret]);
    const after = await world.webhook({ name: "push", repository: "octo-org/hello" });
    await octo.waitForMessages(2, 1000);
    expect(deliveryIds(octo)).toEqual([first, after]);
    expect(deliveryIds(other)).toEqual([secret]);
  });

  test("filters narrow the stream", async () => {
    const pushes = await stream(world.tokens.admin, "?event_type=push&repository=octo-org/hello");
    await waitFor("the stream's greeting", () => pushes.comments.length > 0);
    await world.webhook({ name: "issues", action: "opened", repository: "octo-org/hello" });
    const push = await world.webhook({ name: "push", repository: "octo-org/hello" });
    await world.webhook({ name: "push", repository: "octo-org/tools" });
    await pushes.waitForMessages(1, 1000);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(deliveryIds(pushes)).toEqual([push]);
  });

  test("a dropped connection resumes from Last-Event-ID (or ?after=) with nothing skipped or repeated, then goes live", async () => {
    const first = await stream(world.tokens.octo);
    await waitFor("the stream's greeting", () => first.comments.length > 0);
    const seen = await world.webhook({ name: "issues", action: "opened", repository: "octo-org/hello" });
    const [last] = await first.waitForMessages(1, 1000);
    first.close();

    const missed = [
      await world.webhook({ name: "push", repository: "octo-org/hello" }),
      await world.webhook({ name: "issues", action: "opened", repository: "other-org/secret", private: true }),
      await world.webhook({ name: "issues", action: "reopened", repository: "octo-org/tools" }),
    ];
    const resumed = await stream(world.tokens.octo, "?after=1", { "last-event-id": last!.id! });
    await resumed.waitForMessages(2, 2000);
    const live = await world.webhook({ name: "push", repository: "octo-org/tools" });
    await resumed.waitForMessages(3, 1000);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(deliveryIds(resumed)).toEqual([missed[0], missed[2], live]);
    expect(deliveryIds(resumed)).not.toContain(seen);
    const positions = resumed.messages.map((message) => Number(message.id));
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(positions[0]).toBeGreaterThan(Number(last!.id));

    const replay = await stream(world.tokens.octo, `?after=${last!.id}`);
    await replay.waitForMessages(3, 2000);
    expect(deliveryIds(replay)).toEqual([missed[0], missed[2], live]);
  });

  test("an idle stream carries keep-alive comments; a revoked token's stream ends", async () => {
    const created = await callApi(world.url, "/tokens", { token: world.tokens.admin, method: "POST", body: { name: "short-lived", repositories: ["*"] } });
    const idle = await stream(created.json.secret);
    await waitFor("two keep-alives", () => idle.comments.filter((comment) => comment === "keep-alive").length >= 2);
    await callApi(world.url, "/tokens/short-lived", { token: world.tokens.admin, method: "DELETE" });
    await idle.ended;
  });

  test("a malformed Last-Event-ID or parameter is refused; beyond API_MAX_STREAMS a stream gets 503", async () => {
    const bad = await callApi(world.url, "/events/stream", { token: world.tokens.octo, headers: { "last-event-id": "abc" } });
    expect(bad.json.error).toMatchObject({ code: "invalid_parameter", parameter: "Last-Event-ID" });
    expect((await callApi(world.url, "/events/stream?since=2026-01-01T00:00:00Z", { token: world.tokens.octo })).json.error).toMatchObject({
      code: "unknown_parameter",
      parameter: "since",
    });
    for (let i = 0; i < 6; i += 1) await stream(world.tokens.octo);
    const refused = await callApi(world.url, "/events/stream", { token: world.tokens.octo });
    expect([refused.status, refused.json.error.code, refused.headers.get("retry-after")]).toEqual([503, "too_many_streams", "30"]);
  });
});
