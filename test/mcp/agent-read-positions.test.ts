import { Client as ModernSdkClient, StreamableHTTPClientTransport as ModernTransport } from "@modelcontextprotocol/client";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { SSEClientTransport } from "@modelcontextprotocol/sdk/client/sse.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { RunningServer } from "../../src/server.js";
import type { Db } from "../../src/store/db.js";
import { startTestServer } from "../support/app-server.js";
import { testDatabases } from "../support/databases.js";
import { MODERN_VERSION } from "../support/mcp-modern.js";
import { bearer, newToken } from "../support/mcp.js";
import { deliver, example } from "../support/webhooks.js";

const [sqlite] = await testDatabases();

type Structured = Record<string, unknown>;
interface Caller {
  callTool(request: { name: string; arguments: Record<string, unknown> }): Promise<unknown>;
  close(): Promise<void>;
}

async function call(client: Caller, name: string, args: Record<string, unknown> = {}): Promise<Structured> {
  const result = (await client.callTool({ name, arguments: args })) as { isError?: boolean; content: unknown; structuredContent: Structured };
  if (result.isError) throw new Error(`${name} failed: ${JSON.stringify(result.content)}`);
  return result.structuredContent;
}

/** How each transport carries a client's headers; Letta sends X-Agent-Id on every request. */
const transports: [string, (url: string, headers: Record<string, string>) => Promise<Caller>][] = [
  [
    "Streamable HTTP, 2025-11-25",
    async (url, headers) => {
      const client = new Client({ name: "agent", version: "1.0.0" });
      await client.connect(new StreamableHTTPClientTransport(new URL("/mcp", url), { requestInit: { headers } }));
      return client;
    },
  ],
  [
    "Streamable HTTP, 2026-07-28",
    async (url, headers) => {
      const client = new ModernSdkClient({ name: "agent", version: "1.0.0" }, { versionNegotiation: { mode: { pin: MODERN_VERSION } } });
      await client.connect(new ModernTransport(new URL("/mcp", url), { requestInit: { headers } }));
      return client;
    },
  ],
  [
    "legacy SSE",
    async (url, headers) => {
      const client = new Client({ name: "agent", version: "1.0.0" });
      await client.connect(new SSEClientTransport(new URL("/sse", url), { requestInit: { headers } }));
      return client;
    },
  ],
];

describe("one read position per agent (X-Agent-Id)", () => {
  let db: Db;
  let drop: () => Promise<void>;
  let server: RunningServer;
  let token: string;

  beforeAll(async () => {
    ({ db, drop } = await sqlite!.create());
    server = await startTestServer({ db });
    token = await newToken(db.prisma, "letta-shared", ["*"]);
    for (const name of ["issues", "star", "push"]) expect((await deliver(server.url, { name, payload: example(name) })).status).toBe(200);
  });
  afterAll(async () => {
    await server.close();
    await drop();
  });

  describe.each(transports)("over %s", (label, connect) => {
    const clients: Caller[] = [];
    const open = async (agentId?: string) => {
      const client = await connect(server.url, { ...bearer(token), ...(agentId !== undefined && { "X-Agent-Id": agentId }) });
      clients.push(client);
      return client;
    };
    afterAll(async () => {
      await Promise.all(clients.map((client) => client.close()));
    });

    test("two agents with one token keep separate positions; an explicit consumer still wins", async () => {
      const [a, b, plain] = [`agent-a ${label}`, `agent-b ${label}`, undefined];
      const agentA = await open(a);
      const agentB = await open(b);
      const noHeader = await open(plain);

      const readByA = await call(agentA, "get_unread_events");
      expect(readByA.count).toBe(3);
      expect(await call(agentA, "mark_events_read", { cursor: readByA.cursor })).toEqual({ consumer: a, cursor: readByA.cursor });
      expect((await call(agentA, "get_unread_events")).count).toBe(0);

      // Agent B, same token, has read nothing yet; nor has the token's own position (no header).
      expect((await call(agentB, "get_unread_events")).count).toBe(3);
      expect((await call(noHeader, "get_unread_events")).count).toBe(3);
      // Naming a consumer reads that position whatever the header says.
      expect((await call(agentB, "get_unread_events", { consumer: a })).count).toBe(0);
      expect((await call(noHeader, "mark_events_read", { cursor: 0 })).consumer).toBe("letta-shared");
    });

    test("an X-Agent-Id too long for a read position is refused with a sentence saying so", async () => {
      const client = await open("x".repeat(101));
      const result = (await client.callTool({ name: "get_unread_events", arguments: {} })) as { isError?: boolean; content: unknown };
      expect(result.isError).toBe(true);
      expect(JSON.stringify(result.content)).toMatch(/X-Agent-Id header .* at most 100 characters/);
    });
  });
});
