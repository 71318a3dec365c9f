import { StdioClientTransport as ModernStdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { revokeToken } from "../../src/auth/tokens.js";
import { RESOURCE_URIS } from "../../src/mcp/resources/uris.js";
import type { RunningServer } from "../../src/server.js";
import type { Db } from "../../src/store/db.js";
import { VERSION } from "../../src/version.js";
import { startTestServer } from "../support/app-server.js";
import { buildCli, CLI, runCli } from "../support/cli.js";
import { testDatabases } from "../support/databases.js";
import { ModernClient } from "../support/mcp-modern.js";
import { newToken, RecordingClient, sleep } from "../support/mcp.js";
import { deliver, starIn } from "../support/webhooks.js";

const [sqlite] = await testDatabases();

/** Polling runs every second, so an update takes up to a second plus the query. */
const POLLED_WITHIN_MS = 2500;

/** `code-buddy mcp` launched by the SDK's stdio client, as Claude Desktop or Cursor launch it, next to a running server that ingests the webhooks. */
describe("code-buddy mcp (stdio, the compiled CLI)", () => {
  let drop: () => Promise<void>;
  let server: RunningServer;
  let cwd: string;
  let databaseUrl: string;
  let db: Db;
  let otherOrgToken: string;
  let publicToken: string;
  const clients: { client: RecordingClient; stderr: string[]; errors: Error[] }[] = [];

  async function launch(args: string[] = [], env: Record<string, string> = {}) {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [CLI, "mcp", ...args],
      cwd,
      env: { PATH: process.env.PATH ?? "", DATABASE_URL: databaseUrl, LETTA_AGENT_ID: "agent-test", ...env },
      stderr: "pipe",
    });
    const stderr: string[] = [];
    transport.stderr!.on("data", (chunk: Buffer) => stderr.push(chunk.toString()));
    const client = new RecordingClient();
    const errors: Error[] = [];
    client.client.onerror = (error) => errors.push(error);
    await client.connect(transport);
    const launched = { client, stderr, errors };
    clients.push(launched);
    return launched;
  }

  beforeAll(async () => {
    await buildCli();
    const created = await sqlite!.create();
    ({ drop } = created);
    databaseUrl = created.url;
    db = created.db;
    server = await startTestServer({ db });
    cwd = mkdtempSync(join(tmpdir(), "code-buddy-stdio-"));
    otherOrgToken = await newToken(created.db.prisma, "other-org", ["other-org/*"]);
    publicToken = await newToken(created.db.prisma, "public", ["*"]);
  });

  afterAll(async () => {
    await Promise.all(clients.map(({ client }) => client.close()));
    await server.close();
    await drop();
    rmSync(cwd, { recursive: true, force: true });
  });

  test("serves the same server over stdin/stdout, with nothing but JSON-RPC on stdout and its logs on stderr", async () => {
    const { client, stderr, errors } = await launch([], { LOG_LEVEL: "info", LOG_FORMAT: "json" });
    expect(client.client.getServerVersion()).toMatchObject({ name: "code-buddy", version: VERSION });
    expect(client.client.getServerCapabilities()).toMatchObject({ resources: { subscribe: true } });
    expect(client.client.getInstructions()).toMatch(/every repository, private ones included/);
    expect(Array.isArray((await client.client.listTools()).tools)).toBe(true);
    expect(Array.isArray((await client.client.listResources()).resources)).toBe(true);
    expect(Array.isArray((await client.client.listPrompts()).prompts)).toBe(true);
    expect(errors).toEqual([]);
    expect(stderr.join("")).toMatch(/serving MCP on stdio/);
  });

  test("calls the tools on the same database, scoped by --token", async () => {
    expect((await deliver(server.url, { name: "star", payload: starIn("other-org/tools") })).status).toBe(200);
    expect((await deliver(server.url, { name: "star", payload: starIn("octo-org/hello") })).status).toBe(200);
    const local = (await launch()).client.client;
    const { tools } = await local.listTools();
    expect(tools).toHaveLength(12);
    const everything = await local.callTool({ name: "get_event_stats", arguments: {} });
    expect(everything.structuredContent).toMatchObject({ repositories: { "other-org/tools": 1, "octo-org/hello": 1 } });
    const scoped = (await launch(["--token", otherOrgToken])).client.client;
    const recent = await scoped.callTool({ name: "get_recent_events", arguments: { event_type: "star" } });
    expect((recent.structuredContent as { events: { repository: string }[] }).events.map((e) => e.repository)).toEqual(["other-org/tools"]);
    // Waiting works on stdio too (its bus is fed by polling the store): nothing in scope arrives, so it times out.
    const waited = await scoped.callTool({ name: "wait_for_events", arguments: { event_type: "release", timeout_seconds: 1 } });
    expect(waited.structuredContent).toMatchObject({ events: [], count: 0, timed_out: true });
  });

  test("exits by itself when the client closes its stdin", async () => {
    const { client } = await launch();
    const started = Date.now();
    await client.close();
    // The SDK's client sends SIGTERM after waiting 2 s for the process to exit.
    expect(Date.now() - started).toBeLessThan(2000);
  });

  test("subscriptions see the events a separate server process stores, within the token's scope", async () => {
    const [local, otherOrg, publicOnly] = await Promise.all([launch(), launch(["--token", otherOrgToken]), launch([], { CODE_BUDDY_TOKEN: publicToken })]);
    for (const { client } of [local, otherOrg, publicOnly]) await client.client.subscribeResource({ uri: RESOURCE_URIS.recentEvents });

    const toLocal = local.client.nextUpdate(RESOURCE_URIS.recentEvents, POLLED_WITHIN_MS);
    expect((await deliver(server.url, { name: "star", payload: starIn("Codertocat/Hello-World", true) })).status).toBe(200);
    await toLocal;
    const toPublic = publicOnly.client.nextUpdate(RESOURCE_URIS.recentEvents, POLLED_WITHIN_MS);
    const toOtherOrg = otherOrg.client.nextUpdate(RESOURCE_URIS.recentEvents, POLLED_WITHIN_MS);
    expect((await deliver(server.url, { name: "star", payload: starIn("other-org/tools") })).status).toBe(200);
    await Promise.all([toPublic, toOtherOrg]);
    await sleep(1500);

    // The local scope sees both; "public" misses the private event; "other-org" sees its organization only.
    expect(local.client.updates).toHaveLength(2);
    expect(publicOnly.client.updates).toHaveLength(1);
    expect(otherOrg.client.updates).toHaveLength(1);
  });

  test("a 2026-07-28 client (the v2 SDK, no initialize) gets the same tools, and its listen stream is told of the events in its scope", async () => {
    const modern = new ModernClient();
    const env = { PATH: process.env.PATH ?? "", DATABASE_URL: databaseUrl, LETTA_AGENT_ID: "agent-test", CODE_BUDDY_TOKEN: otherOrgToken };
    await modern.client.connect(new ModernStdioClientTransport({ command: process.execPath, args: [CLI, "mcp"], cwd, env, stderr: "ignore" }));
    try {
      expect(modern.client.getProtocolEra()).toBe("modern");
      expect(modern.client.getInstructions()).toMatch(/other-org\/\*/);
      expect((await modern.client.listTools()).tools).toHaveLength(12);
      const listening = await modern.client.listen({ resourceSubscriptions: [RESOURCE_URIS.recentEvents, "codebuddy://repos/other-org/tools/events"] });
      expect(listening.honoredFilter.resourceSubscriptions).toHaveLength(2);
      const update = modern.nextUpdate("codebuddy://repos/other-org/tools/events", POLLED_WITHIN_MS);
      expect((await deliver(server.url, { name: "star", payload: starIn("octo-org/hello") })).status).toBe(200);
      expect((await deliver(server.url, { name: "star", payload: starIn("other-org/tools") })).status).toBe(200);
      await update;
      await sleep(1500);
      expect(modern.updates.map((entry) => entry.uri).sort()).toEqual([RESOURCE_URIS.recentEvents, "codebuddy://repos/other-org/tools/events"]);
    } finally {
      await modern.close();
    }
  });

  test("revoking its token ends the session: the next request is refused with the reason, then the process exits", async () => {
    const token = await newToken(db.prisma, "revoked-mid-session", ["*"]);
    const { client, stderr } = await launch(["--token", token], { LOG_LEVEL: "info" });
    const closed = new Promise<void>((resolve) => {
      client.client.onclose = resolve;
    });
    expect((await client.client.callTool({ name: "get_event_stats", arguments: {} })).isError).toBeFalsy();
    await revokeToken(db.prisma, "revoked-mid-session");
    await expect(client.client.callTool({ name: "get_event_stats", arguments: {} })).rejects.toThrow(/was revoked, so the session ends.*code-buddy token create/);
    await closed;
    expect(stderr.join("")).toMatch(/token was revoked; ending the stdio session/);
  });

  test("an unknown token stops it with a message on stderr and nothing on stdout", async () => {
    const result = await runCli(["mcp", "--token", "cb_unknown"], { DATABASE_URL: databaseUrl }, cwd);
    expect(result).toMatchObject({ code: 1, stdout: "" });
    expect(result.stderr).toMatch(/--token \(or CODE_BUDDY_TOKEN\) is not valid.*code-buddy token list/);
  });
});
