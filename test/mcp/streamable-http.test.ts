import { StreamableHTTPClientTransport, StreamableHTTPError } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { SUPPORTED_PROTOCOL_VERSIONS } from "@modelcontextprotocol/sdk/types.js";
import { revokeToken } from "../../src/auth/tokens.js";
import { RESOURCE_URIS } from "../../src/mcp/resources/uris.js";
import type { RunningServer } from "../../src/server.js";
import type { Db } from "../../src/store/db.js";
import { VERSION } from "../../src/version.js";
import { startTestServer } from "../support/app-server.js";
import { testDatabases } from "../support/databases.js";
import { initializeMessage, inSession, ping, postMcp, rawSession, rpcAnswer, rpcError } from "../support/mcp-http.js";
import { bearer, CountingBus, newToken, RecordingClient, sleep, streamableTransport, streamOpen } from "../support/mcp.js";
import { deliver, starIn } from "../support/webhooks.js";

const databases = await testDatabases();

describe.each(databases)("MCP over Streamable HTTP on $name", (database) => {
  let db: Db;
  let drop: () => Promise<void>;
  let server: RunningServer;
  let url: string;
  let helloToken: string;
  let otherToken: string;
  let everythingToken: string;
  const bus = new CountingBus();
  const clients: RecordingClient[] = [];

  const connect = async (token: string) => {
    const client = await new RecordingClient().connect(streamableTransport(url, token));
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    ({ db, drop } = await database.create());
    server = await startTestServer({ db, bus });
    url = server.url;
    helloToken = await newToken(db.prisma, "hello-reader", ["Codertocat/Hello-World"]);
    otherToken = await newToken(db.prisma, "other-reader", ["other-org/*"]);
    everythingToken = await newToken(db.prisma, "everything", ["*"], true);
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
  });

  afterAll(async () => {
    await server.close();
    await drop();
  });

  test("the SDK client initializes and lists tools, resources and prompts", async () => {
    const { client } = await connect(helloToken);
    expect(client.getServerVersion()).toMatchObject({ name: "code-buddy", version: VERSION });
    expect(client.getServerCapabilities()).toMatchObject({ tools: {}, resources: { subscribe: true }, prompts: {} });
    expect(client.getInstructions()).toContain("Codertocat/Hello-World");
    expect(Array.isArray((await client.listTools()).tools)).toBe(true);
    expect(Array.isArray((await client.listResources()).resources)).toBe(true);
    expect(Array.isArray((await client.listPrompts()).prompts)).toBe(true);
  });

  test.each(SUPPORTED_PROTOCOL_VERSIONS)("a client speaking protocol %s gets it back and can use the session", async (version) => {
    const { sessionId, protocolVersion } = await rawSession(url, helloToken, version);
    expect(protocolVersion).toBe(version);
    const answer = await postMcp(url, ping(), inSession(helloToken, sessionId, version));
    expect(answer.status).toBe(200);
    expect((await rpcAnswer(answer)).result).toEqual({});
  });

  test("a subscriber is notified within 1 s of a webhook in its scope, and not of events outside it", async () => {
    const hello = await connect(helloToken);
    const other = await connect(otherToken);
    const everything = await connect(everythingToken);
    const repoUri = "codebuddy://repos/Codertocat/Hello-World/events";
    await hello.client.subscribeResource({ uri: RESOURCE_URIS.recentEvents });
    await hello.client.subscribeResource({ uri: repoUri });
    await other.client.subscribeResource({ uri: RESOURCE_URIS.recentEvents });
    await everything.client.subscribeResource({ uri: RESOURCE_URIS.recentEvents });
    await streamOpen();

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

    // hello-reader: its public event only, not the private one nor other-org's; other-reader: other-org's only.
    expect([...hello.updates].sort()).toEqual([repoUri, RESOURCE_URIS.recentEvents].sort());
    expect(other.updates).toEqual([RESOURCE_URIS.recentEvents]);
    expect(everything.updates).toEqual([RESOURCE_URIS.recentEvents, RESOURCE_URIS.recentEvents, RESOURCE_URIS.recentEvents]);
  });

  test("after unsubscribing, a session is told nothing more", async () => {
    const hello = await connect(helloToken);
    await hello.client.subscribeResource({ uri: RESOURCE_URIS.recentEvents });
    await streamOpen();
    const first = hello.nextUpdate(RESOURCE_URIS.recentEvents, 1000);
    await deliver(url, { name: "star", payload: starIn("Codertocat/Hello-World") });
    await first;
    await hello.client.unsubscribeResource({ uri: RESOURCE_URIS.recentEvents });
    await deliver(url, { name: "star", payload: starIn("Codertocat/Hello-World") });
    await sleep(300);
    expect(hello.updates).toEqual([RESOURCE_URIS.recentEvents]);
  });

  test("subscribing to a resource that is not Code Buddy's is refused with a reason", async () => {
    const hello = await connect(helloToken);
    await expect(hello.client.subscribeResource({ uri: "https://example.com/x" })).rejects.toThrow(/codebuddy:\/\/ resources only/);
  });

  test("an unknown session id gets 404 with a JSON-RPC error", async () => {
    const response = await postMcp(url, ping(), inSession(helloToken, "00000000-0000-4000-8000-000000000000"));
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ jsonrpc: "2.0", error: { code: -32001, message: expect.stringMatching(/Session not found.*initialize/) } });
  });

  test("another token cannot ride a session: 404, and the session stays usable by its own token", async () => {
    const { sessionId } = await rawSession(url, helloToken);
    expect((await postMcp(url, ping(), inSession(otherToken, sessionId))).status).toBe(404);
    const del = await fetch(`${url}/mcp`, { method: "DELETE", headers: inSession(otherToken, sessionId) });
    expect(del.status).toBe(404);
    expect((await postMcp(url, ping(), inSession(helloToken, sessionId))).status).toBe(200);
  });

  test("DELETE ends a session and drops its subscriptions", async () => {
    const hello = await connect(helloToken);
    const listening = bus.listeners;
    await hello.client.subscribeResource({ uri: RESOURCE_URIS.recentEvents });
    expect(bus.listeners).toBe(listening + 1);
    const transport = hello.client.transport as ReturnType<typeof streamableTransport>;
    const sessionId = transport.sessionId!;
    await transport.terminateSession();
    expect(bus.listeners).toBe(listening);
    expect((await postMcp(url, ping(), inSession(helloToken, sessionId))).status).toBe(404);
  });

  test("closing the server ends every session and drops every subscription", async () => {
    const ownBus = new CountingBus();
    const own = await startTestServer({ db, bus: ownBus });
    const streamable = await new RecordingClient().connect(streamableTransport(own.url, helloToken));
    await streamable.client.subscribeResource({ uri: RESOURCE_URIS.recentEvents });
    await streamOpen();
    expect(ownBus.listeners).toBe(1);
    await own.close();
    expect(ownBus.listeners).toBe(0);
    await streamable.close();
  });

  test("a request without a session must be an initialize", async () => {
    const response = await postMcp(url, ping(), bearer(helloToken));
    expect(response.status).toBe(400);
    expect(await rpcError(response)).toMatchObject({ code: -32600, message: expect.stringMatching(/initialize request/), id: 2 });
    const get = await fetch(`${url}/mcp`, { headers: { ...bearer(helloToken), accept: "text/event-stream" } });
    expect(get.status).toBe(400);
  });

  describe("401 with a WWW-Authenticate challenge and how to get a token", () => {
    test("no token", async () => {
      const response = await postMcp(url, initializeMessage());
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")).toBe('Bearer realm="code-buddy"');
      expect(await rpcError(response)).toMatchObject({ code: -32000, message: expect.stringMatching(/code-buddy token create/), id: 1 });
    });

    test("an unknown token", async () => {
      const response = await postMcp(url, initializeMessage(), bearer("cb_not-a-real-token"));
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")).toMatch(/^Bearer realm="code-buddy", error="invalid_token", error_description="The bearer token is not valid/);
      expect(await rpcError(response)).toMatchObject({ code: -32000, message: expect.stringMatching(/not valid.*code-buddy token create/), id: 1 });
    });

    test("a header that is not Bearer", async () => {
      const response = await postMcp(url, initializeMessage(), { authorization: "Basic dXNlcjpwYXNz" });
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")).toMatch(/^Bearer realm="code-buddy", error="invalid_request", error_description="/);
    });

    test("a revoked token, also inside the session it opened", async () => {
      const token = await newToken(db.prisma, "short-lived", ["*"]);
      const { sessionId } = await rawSession(url, token);
      await revokeToken(db.prisma, "short-lived");
      const response = await postMcp(url, ping(), inSession(token, sessionId));
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")).toContain('error="invalid_token"');
    });

    test("the SDK client fails to connect without a token", async () => {
      const failure = new RecordingClient().connect(new StreamableHTTPClientTransport(new URL("/mcp", url)));
      await expect(failure).rejects.toBeInstanceOf(StreamableHTTPError);
      await expect(failure).rejects.toMatchObject({ code: 401 });
    });
  });

  describe("Origin (DNS-rebinding protection)", () => {
    test("a browser origin not allowed gets 403 even with a valid token", async () => {
      const response = await postMcp(url, initializeMessage(), { ...bearer(helloToken), origin: "http://evil.example" });
      expect(response.status).toBe(403);
      expect(await rpcError(response)).toMatchObject({ code: -32000, message: expect.stringMatching(/Origin http:\/\/evil.example.*MCP_ALLOWED_ORIGINS/), id: null });
    });

    test("loopback origins on any port are allowed by default", async () => {
      const response = await postMcp(url, initializeMessage(), { ...bearer(helloToken), origin: "http://localhost:6274" });
      expect(response.status).toBe(200);
    });

    test("a browser client on an allowed origin gets its CORS preflight answered without a token, and may read the answers", async () => {
      const origin = "http://localhost:6274";
      const preflight = (path: string, from = origin) =>
        fetch(`${url}${path}`, {
          method: "OPTIONS",
          headers: { origin: from, "access-control-request-method": "POST", "access-control-request-headers": "authorization, content-type, mcp-session-id" },
        });
      const allowed = await preflight("/mcp");
      expect(allowed.status).toBe(204);
      expect(Object.fromEntries(allowed.headers)).toMatchObject({
        "access-control-allow-origin": origin,
        "access-control-allow-methods": "GET, POST, DELETE",
        "access-control-allow-headers": expect.stringContaining("mcp-session-id"),
        vary: "Origin",
      });
      expect((await preflight("/messages")).headers.get("access-control-allow-methods")).toBe("POST");
      expect((await preflight("/mcp", "http://evil.example")).status).toBe(403);

      const answered = await postMcp(url, initializeMessage(), { ...bearer(helloToken), origin });
      expect(answered.status).toBe(200);
      expect(answered.headers.get("access-control-allow-origin")).toBe(origin);
      expect(answered.headers.get("access-control-expose-headers")).toContain("mcp-session-id");
      expect(answered.headers.get("mcp-session-id")).toEqual(expect.any(String));
      const refused = await postMcp(url, initializeMessage(), { origin });
      expect(refused.status).toBe(401);
      expect(refused.headers.get("access-control-allow-origin")).toBe(origin);
      expect(refused.headers.get("access-control-expose-headers")).toContain("www-authenticate");
      expect((await postMcp(url, initializeMessage(), bearer(helloToken))).headers.get("access-control-allow-origin")).toBeNull();
    });

    test("MCP_ALLOWED_ORIGINS replaces the default list", async () => {
      const strict = await startTestServer({ db, config: { mcp: { allowedOrigins: ["https://agents.example.com"] } } });
      try {
        expect((await postMcp(strict.url, initializeMessage(), { ...bearer(helloToken), origin: "https://agents.example.com" })).status).toBe(200);
        expect((await postMcp(strict.url, initializeMessage(), { ...bearer(helloToken), origin: "http://localhost:6274" })).status).toBe(403);
        expect((await postMcp(strict.url, initializeMessage(), bearer(helloToken))).status).toBe(200);
      } finally {
        await strict.close();
      }
    });
  });

  test("records the token's last use, at most once a minute", async () => {
    const token = await newToken(db.prisma, "usage", ["*"]);
    const lastUsed = async () => (await db.prisma.apiToken.findUniqueOrThrow({ where: { name: "usage" } })).lastUsedAt;
    expect(await lastUsed()).toBeNull();
    const { sessionId } = await rawSession(url, token);
    const first = await lastUsed();
    expect(first).toBeInstanceOf(Date);
    await postMcp(url, ping(), inSession(token, sessionId));
    expect(await lastUsed()).toEqual(first);
  });

  describe("session lifetime", () => {
    let now: number;
    let timed: RunningServer;

    beforeEach(async () => {
      now = Date.now();
      timed = await startTestServer({ db, clock: () => new Date(now), config: { mcp: { sessionIdleMinutes: 1, maxSessions: 2 } } });
    });

    afterEach(async () => {
      await Promise.all(clients.splice(0).map((client) => client.close()));
      await timed.close();
    });

    test("an idle session expires after MCP_SESSION_IDLE_MINUTES", async () => {
      const { sessionId } = await rawSession(timed.url, helloToken);
      now += 59_000;
      expect((await postMcp(timed.url, ping(), inSession(helloToken, sessionId))).status).toBe(200);
      now += 61_000;
      expect((await postMcp(timed.url, ping(), inSession(helloToken, sessionId))).status).toBe(404);
    });

    test("a session holding its notification stream open is not idle", async () => {
      const hello = new RecordingClient();
      clients.push(await hello.connect(streamableTransport(timed.url, helloToken)));
      await streamOpen();
      now += 10 * 60_000;
      await expect(hello.client.ping()).resolves.toEqual({});
    });

    test("a server holding MCP_MAX_SESSIONS sessions answers 503 to one more", async () => {
      await rawSession(timed.url, helloToken);
      await rawSession(timed.url, helloToken);
      const response = await postMcp(timed.url, initializeMessage(), bearer(helloToken));
      expect(response.status).toBe(503);
      expect(response.headers.get("retry-after")).toBe("60");
      expect(await rpcError(response)).toMatchObject({ code: -32000, message: expect.stringMatching(/MCP_MAX_SESSIONS/), id: 1 });
    });
  });

  test("behind a load balancer, a session unknown to the instance gets 404 and the client re-initializes there", async () => {
    const second = await startTestServer({ db });
    try {
      const { sessionId } = await rawSession(url, helloToken);
      expect((await postMcp(second.url, ping(), inSession(helloToken, sessionId))).status).toBe(404);
      const again = await new RecordingClient().connect(streamableTransport(second.url, helloToken));
      clients.push(again);
      await expect(again.client.ping()).resolves.toEqual({});
    } finally {
      await Promise.all(clients.splice(0).map((client) => client.close()));
      await second.close();
    }
  });
});
