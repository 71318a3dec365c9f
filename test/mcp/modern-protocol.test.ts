import type { CallToolResult } from "@modelcontextprotocol/client";
import { RESOURCE_URIS } from "../../src/mcp/resources/uris.js";
import type { RunningServer } from "../../src/server.js";
import type { Db } from "../../src/store/db.js";
import { VERSION } from "../../src/version.js";
import { startTestServer } from "../support/app-server.js";
import { testDatabases } from "../support/databases.js";
import { postMcp, rpcAnswer, rpcError } from "../support/mcp-http.js";
import { ENVELOPE, MODERN_VERSION, ModernClient, modernHeaders, modernRequest } from "../support/mcp-modern.js";
import { bearer, newToken, RecordingClient, resultFromText, sleep, streamableTransport } from "../support/mcp.js";
import { deliver, starIn } from "../support/webhooks.js";

const databases = await testDatabases();

const textOf = (result: CallToolResult) => result.content.map((part) => (part.type === "text" ? part.text : "")).join("");

/** MCP 2026-07-28 (no sessions, per-request envelope) with the official v2 SDK client, next to the 2025 revisions on the same /mcp. */
describe.each(databases)("MCP 2026-07-28 on $name", (database) => {
  let db: Db;
  let drop: () => Promise<void>;
  let server: RunningServer;
  let url: string;
  let helloToken: string;
  let otherToken: string;
  let everythingToken: string;
  let starId: string;
  const clients: ModernClient[] = [];

  const connect = async (token: string, base = url) => {
    const client = await ModernClient.connect(base, token);
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    ({ db, drop } = await database.create());
    server = await startTestServer({ db, config: { mcp: { keepAliveMs: 200 } } });
    url = server.url;
    helloToken = await newToken(db.prisma, "hello-reader", ["Codertocat/Hello-World"]);
    otherToken = await newToken(db.prisma, "other-reader", ["other-org/*"]);
    everythingToken = await newToken(db.prisma, "everything", ["*"], true);
    starId = (await deliver(url, { name: "star", payload: starIn("Codertocat/Hello-World") })).id;
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
  });

  afterAll(async () => {
    await server.close();
    await drop();
  });

  test("server/discover: the version, capabilities, instructions for the token and who answers, without initialize", async () => {
    const response = await postMcp(url, modernRequest("server/discover"), { ...bearer(helloToken), ...modernHeaders("server/discover") });
    expect(response.status).toBe(200);
    expect(response.headers.get("mcp-session-id")).toBeNull();
    const { result } = await rpcAnswer(response);
    expect(result).toMatchObject({
      supportedVersions: [MODERN_VERSION],
      capabilities: { tools: { listChanged: false }, resources: { subscribe: true, listChanged: false }, prompts: { listChanged: false } },
      instructions: expect.stringContaining("Codertocat/Hello-World"),
      resultType: "complete",
      cacheScope: "private",
      ttlMs: expect.any(Number),
      _meta: { "io.modelcontextprotocol/serverInfo": { name: "code-buddy", version: VERSION } },
    });

    const client = await connect(helloToken);
    expect(client.client.getProtocolEra()).toBe("modern");
    expect(client.client.getInstructions()).toContain("public repositories only");
  });

  test("lists carry resultType, ttlMs and cacheScope private; reads are never cached", async () => {
    for (const method of ["tools/list", "prompts/list", "resources/list", "resources/templates/list"]) {
      const { result } = await rpcAnswer(await postMcp(url, modernRequest(method), { ...bearer(helloToken), ...modernHeaders(method) }));
      expect(result).toMatchObject({ resultType: "complete", cacheScope: "private", ttlMs: 300_000 });
    }
    const read = await postMcp(url, modernRequest("resources/read", { uri: RESOURCE_URIS.recentEvents }), {
      ...bearer(helloToken),
      ...modernHeaders("resources/read", RESOURCE_URIS.recentEvents),
    });
    expect((await rpcAnswer(read)).result).toMatchObject({ resultType: "complete", cacheScope: "private", ttlMs: 0 });
  });

  test("the same tools in the same order as a 2025 session, and every tool answers", async () => {
    const modern = await connect(everythingToken);
    const legacy = await new RecordingClient().connect(streamableTransport(url, everythingToken));
    try {
      const names = (await modern.client.listTools()).tools.map((tool) => tool.name);
      expect(names).toEqual((await legacy.client.listTools()).tools.map((tool) => tool.name));
      expect((await modern.client.listTools()).tools.map((tool) => tool.name)).toEqual(names);
    } finally {
      await legacy.close();
    }
    const calls: Record<string, Record<string, unknown>> = {
      get_recent_events: { limit: 5 },
      get_event_stats: {},
      get_event_by_id: { delivery_id: starId },
      search_events: { query: "Hello*" },
      get_thread: { repository: "Codertocat/Hello-World", number: 1 },
      list_repositories: {},
      get_activity_digest: {},
      get_unread_events: { consumer: "modern-test" },
      mark_events_read: { cursor: 0, consumer: "modern-test" },
    };
    for (const [name, args] of Object.entries(calls)) {
      const result = await modern.client.callTool({ name, arguments: args });
      expect({ name, isError: result.isError ?? false }).toEqual({ name, isError: false });
      expect(resultFromText(textOf(result))).toEqual(result.structuredContent);
    }
    expect((await modern.client.callTool({ name: "get_event_by_id", arguments: { delivery_id: starId } })).structuredContent).toMatchObject({ event: { delivery_id: starId } });
    // Offered because LETTA_AGENT_ID is set; the test's Letta server cannot be reached, and the tool says so.
    const letta = await modern.client.callTool({ name: "send_message_to_letta", arguments: { message: "hello" } });
    expect(letta.isError).toBe(true);
    expect(textOf(letta)).toMatch(/Could not reach the Letta server/);
    const invalid = await modern.client.callTool({ name: "get_recent_events", arguments: { limit: 0 } });
    expect(invalid.isError).toBe(true);
  });

  test("resources and prompts, with the token's scope", async () => {
    const hello = await connect(helloToken);
    const recent = await hello.client.readResource({ uri: RESOURCE_URIS.recentEvents });
    const events = JSON.parse((recent.contents[0] as { text: string }).text).events as { delivery_id: string }[];
    expect(events.map((event) => event.delivery_id)).toContain(starId);
    expect((await hello.client.listPrompts()).prompts.map((prompt) => prompt.name)).toEqual(["daily_digest", "review_queue", "what_changed_since", "recent_events"]);
    const digest = await hello.client.getPrompt({ name: "daily_digest", arguments: {} });
    expect(digest.messages[0]!.content).toMatchObject({ type: "text", text: expect.stringContaining("Codertocat/Hello-World") });

    const other = await connect(otherToken);
    const unseen = `codebuddy://events/${starId}`;
    await expect(other.client.readResource({ uri: unseen })).rejects.toMatchObject({ code: -32602, data: { uri: unseen } });
  });

  test("a resource that does not exist is -32602 with its uri in data, in-band", async () => {
    const uri = "codebuddy://events/00000000-0000-0000-0000-000000000000";
    const response = await postMcp(url, modernRequest("resources/read", { uri }, 7), { ...bearer(helloToken), ...modernHeaders("resources/read", uri) });
    expect(response.status).toBe(200);
    expect(await rpcAnswer(response)).toMatchObject({ id: 7, error: { code: -32602, message: expect.stringContaining("No event with delivery_id"), data: { uri } } });
  });

  test("subscriptions/listen: acknowledged first, then updates within 1 s of a webhook in the caller's scope only", async () => {
    const hello = await connect(helloToken);
    const other = await connect(otherToken);
    const everything = await connect(everythingToken);
    const repoUri = "codebuddy://repos/Codertocat/Hello-World/events";
    const helloListen = await hello.client.listen({ resourceSubscriptions: [RESOURCE_URIS.recentEvents, repoUri] });
    expect(helloListen.honoredFilter).toEqual({ resourceSubscriptions: [RESOURCE_URIS.recentEvents, repoUri] });
    await other.client.listen({ resourceSubscriptions: [RESOURCE_URIS.recentEvents] });
    await everything.client.listen({ resourceSubscriptions: [RESOURCE_URIS.recentEvents] });

    const helloUpdate = hello.nextUpdate(RESOURCE_URIS.recentEvents, 1000);
    const repoUpdate = hello.nextUpdate(repoUri, 1000);
    expect((await deliver(url, { name: "star", payload: starIn("Codertocat/Hello-World") })).status).toBe(200);
    expect(await helloUpdate).toBeLessThan(1000);
    await repoUpdate;

    const privateUpdate = everything.nextUpdate(RESOURCE_URIS.recentEvents, 1000);
    expect((await deliver(url, { name: "star", payload: starIn("Codertocat/Hello-World", true) })).status).toBe(200);
    await privateUpdate;
    const elsewhere = other.nextUpdate(RESOURCE_URIS.recentEvents, 1000);
    expect((await deliver(url, { name: "star", payload: starIn("other-org/tools") })).status).toBe(200);
    await elsewhere;
    await sleep(300);

    expect(hello.updates.map((update) => update.uri).sort()).toEqual([repoUri, RESOURCE_URIS.recentEvents].sort());
    expect(new Set(hello.updates.map((update) => update.subscriptionId)).size).toBe(1);
    expect(hello.updates[0]!.subscriptionId).toEqual(expect.anything());
    expect(other.updates.map((update) => update.uri)).toEqual([RESOURCE_URIS.recentEvents]);
    expect(everything.updates.map((update) => update.uri)).toEqual([RESOURCE_URIS.recentEvents, RESOURCE_URIS.recentEvents, RESOURCE_URIS.recentEvents]);
  });

  test("a raw listen stream: the acknowledgement first, keep-alive comments while idle", async () => {
    const controller = new AbortController();
    const response = await fetch(`${url}/mcp`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json, text/event-stream", ...bearer(helloToken), ...modernHeaders("subscriptions/listen") },
      body: JSON.stringify(modernRequest("subscriptions/listen", { notifications: { resourceSubscriptions: [RESOURCE_URIS.recentEvents] } }, "listen-1")),
      signal: controller.signal,
    });
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const reader = response.body!.getReader();
    let text = "";
    while (!text.includes(": keepalive")) text += new TextDecoder().decode((await reader.read()).value);
    controller.abort();
    const first = JSON.parse(
      text
        .split("\n")
        .find((line) => line.startsWith("data: "))!
        .slice("data: ".length),
    );
    expect(first).toMatchObject({
      method: "notifications/subscriptions/acknowledged",
      params: { notifications: { resourceSubscriptions: [RESOURCE_URIS.recentEvents] }, _meta: { "io.modelcontextprotocol/subscriptionId": "listen-1" } },
    });
  });

  test("listening to a resource that is not Code Buddy's is refused in-band with the reason", async () => {
    const response = await postMcp(url, modernRequest("subscriptions/listen", { notifications: { resourceSubscriptions: ["https://example.com/x"] } }, 9), {
      ...bearer(helloToken),
      ...modernHeaders("subscriptions/listen"),
    });
    expect(await rpcAnswer(response)).toMatchObject({ id: 9, error: { code: -32602, message: expect.stringMatching(/codebuddy:\/\/ resources only/) } });
  });

  test("headers that disagree with the body: 400 with -32020 HeaderMismatch", async () => {
    const response = await postMcp(url, modernRequest("tools/list", {}, 3), { ...bearer(helloToken), ...modernHeaders("prompts/list") });
    expect(response.status).toBe(400);
    expect(await rpcError(response)).toMatchObject({ code: -32020, id: 3 });
    const missing = await postMcp(url, modernRequest("tools/call", { name: "list_repositories", arguments: {} }, 4), { ...bearer(helloToken), ...modernHeaders("tools/call") });
    expect(missing.status).toBe(400);
    expect(await rpcError(missing)).toMatchObject({ code: -32020, id: 4 });
  });

  test("an unsupported protocol version: 400 with -32022 and the versions supported", async () => {
    const body = { jsonrpc: "2.0", id: 5, method: "tools/list", params: { _meta: { ...ENVELOPE, "io.modelcontextprotocol/protocolVersion": "2099-01-01" } } };
    const response = await postMcp(url, body, { ...bearer(helloToken), "mcp-protocol-version": "2099-01-01", "mcp-method": "tools/list" });
    expect(response.status).toBe(400);
    expect(await rpcError(response)).toMatchObject({ code: -32022, id: 5, data: { supported: [MODERN_VERSION], requested: "2099-01-01" } });
  });

  test("401 without a token is a JSON-RPC error answering the request, with the challenge", async () => {
    const response = await postMcp(url, modernRequest("tools/list", {}, 6), modernHeaders("tools/list"));
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe('Bearer realm="code-buddy"');
    expect(await rpcError(response)).toMatchObject({ code: -32000, id: 6, message: expect.stringMatching(/code-buddy token create/) });
  });

  test("the Origin check and CORS apply as on 2025: a foreign page gets 403, an allowed one may send the standard headers", async () => {
    const headers = { ...bearer(helloToken), ...modernHeaders("tools/list") };
    const foreign = await postMcp(url, modernRequest("tools/list", {}, 11), { ...headers, origin: "http://evil.example" });
    expect(foreign.status).toBe(403);
    expect(await rpcError(foreign)).toMatchObject({ message: expect.stringMatching(/MCP_ALLOWED_ORIGINS/) });
    const origin = "http://localhost:6274";
    const preflight = await fetch(`${url}/mcp`, {
      method: "OPTIONS",
      headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "authorization, content-type, mcp-protocol-version, mcp-method, mcp-name" },
    });
    expect(preflight.status).toBe(204);
    const allowed = (preflight.headers.get("access-control-allow-headers") ?? "").split(", ");
    expect(allowed).toEqual(expect.arrayContaining(["mcp-protocol-version", "mcp-method", "mcp-name"]));
    const answered = await postMcp(url, modernRequest("tools/list", {}, 12), { ...headers, origin });
    expect(answered.status).toBe(200);
    expect(answered.headers.get("access-control-allow-origin")).toBe(origin);
  });

  test("a body that is not JSON: 400 with a parse error", async () => {
    const response = await fetch(`${url}/mcp`, { method: "POST", headers: { "content-type": "application/json", ...bearer(helloToken) }, body: "{not json" });
    expect(response.status).toBe(400);
    expect(await rpcError(response)).toMatchObject({ code: -32700, id: null, message: expect.stringMatching(/not valid JSON/) });
  });

  test("listen streams count against MCP_MAX_SESSIONS, and closing the server ends them gracefully", async () => {
    const small = await startTestServer({ db, config: { mcp: { maxSessions: 1 } } });
    let open = true;
    try {
      const client = await ModernClient.connect(small.url, helloToken);
      clients.push(client);
      const listening = await client.client.listen({ resourceSubscriptions: [RESOURCE_URIS.recentEvents] });
      const refused = await postMcp(small.url, modernRequest("subscriptions/listen", { notifications: { resourceSubscriptions: [RESOURCE_URIS.recentEvents] } }, 8), {
        ...bearer(helloToken),
        ...modernHeaders("subscriptions/listen"),
      });
      expect(refused.status).toBe(503);
      expect(await rpcError(refused)).toMatchObject({ id: 8, message: expect.stringMatching(/MCP_MAX_SESSIONS/) });
      open = false;
      await small.close();
      await expect(listening.closed).resolves.toBe("graceful");
    } finally {
      if (open) await small.close();
    }
  });
});
