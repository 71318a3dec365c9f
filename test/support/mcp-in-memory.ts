import { Client } from "@modelcontextprotocol/client";
import { InMemoryTransport, type McpServer } from "@modelcontextprotocol/server";
import { LOCAL_SCOPE, type Scope } from "../../src/auth/scope.js";
import { loadConfig } from "../../src/config.js";
import { EventBus } from "../../src/events/event-bus.js";
import { createScopedServers } from "../../src/mcp/scoped-servers.js";
import type { Db } from "../../src/store/db.js";
import { silentLog } from "./app-server.js";
import { testDatabases } from "./databases.js";
import { resultFromText } from "./mcp.js";

/** The Letta settings the HTTP test server runs with, so send_message_to_letta is offered and described alike. */
const LETTA = loadConfig({ LETTA_BASE_URL: "http://127.0.0.1:9", LETTA_AGENT_ID: "agent-test" }, { withApp: false }).push.letta;

export interface InMemoryMcp {
  client: Client;
  server: McpServer;
  close(): Promise<void>;
}

/**
 * The real MCP server for `scope` (built by the factory every transport uses), on `db`,
 * and the official client connected to it over the SDK's InMemoryTransport: tool tests
 * without HTTP or tokens.
 */
export async function connectInMemory(db: Db, scope: Scope, { clock = () => new Date() }: { clock?: () => Date } = {}): Promise<InMemoryMcp> {
  const servers = createScopedServers({ db, clock, log: silentLog, events: new EventBus(), letta: LETTA });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: "code-buddy-test", version: "1.0.0" });
  const [server] = await Promise.all([servers.openSession(scope, serverSide), client.connect(clientSide)]);
  return {
    client,
    server,
    close: async () => {
      await client.close();
      await server.close();
    },
  };
}

/**
 * One tool's definition as tools/list puts it on the wire (the client's absent fields dropped),
 * from a server on a fresh SQLite database.
 */
export async function toolDefinition(name: string) {
  const [sqlite] = await testDatabases();
  const { db, drop } = await sqlite!.create();
  const mcp = await connectInMemory(db, LOCAL_SCOPE);
  try {
    const tool = (await mcp.client.listTools()).tools.find((candidate) => candidate.name === name);
    if (!tool) throw new Error(`tools/list has no ${name}`);
    return JSON.parse(JSON.stringify(tool)) as typeof tool;
  } finally {
    await mcp.close();
    await drop();
  }
}

export type Structured = Record<string, unknown>;

/** Calls a tool that must answer; its text part must say what its structured result says. */
export async function callTool(client: Client, name: string, args: Record<string, unknown> = {}): Promise<Structured> {
  const result = await client.callTool({ name, arguments: args });
  if (result.isError) throw new Error(`${name} failed: ${JSON.stringify(result.content)}`);
  expect(resultFromText((result.content as { text: string }[])[0]!.text)).toEqual(result.structuredContent);
  return result.structuredContent as Structured;
}

/** Calls a tool that must refuse; returns the text of its error. */
export async function callToolError(client: Client, name: string, args: Record<string, unknown>): Promise<string> {
  const result = await client.callTool({ name, arguments: args });
  expect(result.isError).toBe(true);
  return (result.content as { text: string }[]).map((part) => part.text).join("\n");
}
