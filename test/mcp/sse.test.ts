import { SseError } from "@modelcontextprotocol/sdk/client/sse.js";
import { RESOURCE_URIS } from "../../src/mcp/resources/uris.js";
import type { RunningServer } from "../../src/server.js";
import { VERSION } from "../../src/version.js";
import { startTestServer } from "../support/app-server.js";
import { testDatabases } from "../support/databases.js";
import { bearer, CountingBus, newToken, RecordingClient, sleep, sseTransport } from "../support/mcp.js";
import { deliver, example } from "../support/webhooks.js";

const [sqlite] = await testDatabases();

/** The legacy HTTP+SSE transport (GET /sse + POST /messages), with the same tokens and scopes. */
describe("MCP over legacy HTTP+SSE", () => {
  let drop: () => Promise<void>;
  let server: RunningServer;
  let url: string;
  let helloToken: string;
  let otherToken: string;
  const bus = new CountingBus();
  const clients: RecordingClient[] = [];

  const connect = async (token: string) => {
    const client = await new RecordingClient().connect(sseTransport(url, token));
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    const created = await sqlite!.create();
    drop = created.drop;
    server = await startTestServer({ db: created.db, bus });
    url = server.url;
    helloToken = await newToken(created.db.prisma, "hello-reader", ["codertocat/*"]);
    otherToken = await newToken(created.db.prisma, "other-reader", ["other-org/*"]);
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
  });

  afterAll(async () => {
    await server.close();
    await drop();
  });

  test("the SDK's SSE client initializes and lists tools, resources and prompts", async () => {
    const { client } = await connect(helloToken);
    expect(client.getServerVersion()).toMatchObject({ name: "code-buddy", version: VERSION });
    expect(client.getServerCapabilities()).toMatchObject({ resources: { subscribe: true } });
    expect(Array.isArray((await client.listTools()).tools)).toBe(true);
    expect(Array.isArray((await client.listResources()).resources)).toBe(true);
    expect(Array.isArray((await client.listPrompts()).prompts)).toBe(true);
  });

  test("subscribers are notified within 1 s of events in their scope only", async () => {
    const hello = await connect(helloToken);
    const other = await connect(otherToken);
    await hello.client.subscribeResource({ uri: RESOURCE_URIS.recentEvents });
    await other.client.subscribeResource({ uri: RESOURCE_URIS.recentEvents });
    const update = hello.nextUpdate(RESOURCE_URIS.recentEvents, 1000);
    expect((await deliver(url, { name: "star", payload: example("star") })).status).toBe(200);
    expect(await update).toBeLessThan(1000);
    await sleep(300);
    expect(hello.updates).toEqual([RESOURCE_URIS.recentEvents]);
    expect(other.updates).toEqual([]);
  });

  test("closing the client's stream ends the session and drops its subscriptions", async () => {
    const hello = await new RecordingClient().connect(sseTransport(url, helloToken));
    const listening = bus.listeners;
    await hello.client.subscribeResource({ uri: RESOURCE_URIS.recentEvents });
    expect(bus.listeners).toBe(listening + 1);
    await hello.close();
    for (let waited = 0; bus.listeners > listening && waited < 1000; waited += 20) await sleep(20);
    expect(bus.listeners).toBe(listening);
  });

  test("GET /sse without a token gets 401 with the challenge", async () => {
    const response = await fetch(`${url}/sse`, { headers: { accept: "text/event-stream" } });
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe('Bearer realm="code-buddy"');
    const failure = new RecordingClient().connect(sseTransport(url, "cb_unknown"));
    await expect(failure).rejects.toBeInstanceOf(SseError);
    await expect(failure).rejects.toMatchObject({ code: 401 });
  });

  test("GET /sse from a browser origin not allowed gets 403", async () => {
    const response = await fetch(`${url}/sse`, { headers: { ...bearer(helloToken), accept: "text/event-stream", origin: "https://evil.example" } });
    expect(response.status).toBe(403);
  });

  test("POST /messages: 401 without a token, 404 for another token's session or an unknown one", async () => {
    const stream = new AbortController();
    const response = await fetch(`${url}/sse`, { headers: { ...bearer(helloToken), accept: "text/event-stream" }, signal: stream.signal });
    const reader = response.body!.getReader();
    const { value } = await reader.read();
    const endpoint = /event: endpoint\ndata: (\S+)/.exec(new TextDecoder().decode(value))![1]!;
    const post = (headers: Record<string, string>, path = endpoint) =>
      fetch(url + path, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify({ jsonrpc: "2.0", id: 9, method: "ping" }) });
    try {
      expect(endpoint).toMatch(/^\/messages\?sessionId=/);
      expect((await post({})).status).toBe(401);
      expect((await post(bearer(otherToken))).status).toBe(404);
      expect((await post(bearer(helloToken), "/messages?sessionId=00000000-0000-4000-8000-000000000000")).status).toBe(404);
      expect((await post(bearer(helloToken), "/messages")).status).toBe(400);
      expect((await post(bearer(helloToken))).status).toBe(202);
    } finally {
      stream.abort();
    }
  });

  test("a Streamable HTTP session id is not an SSE session", async () => {
    const initialize = await fetch(`${url}/mcp`, {
      method: "POST",
      headers: { ...bearer(helloToken), "content-type": "application/json", accept: "application/json, text/event-stream" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "t", version: "1" } } }),
    });
    const sessionId = initialize.headers.get("mcp-session-id")!;
    await initialize.text();
    const response = await fetch(`${url}/messages?sessionId=${sessionId}`, { method: "POST", headers: { ...bearer(helloToken), "content-type": "application/json" }, body: "{}" });
    expect(response.status).toBe(404);
  });
});
