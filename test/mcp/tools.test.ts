import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { RunningServer } from "../../src/server.js";
import type { Db } from "../../src/store/db.js";
import { startTestServer } from "../support/app-server.js";
import { testDatabases } from "../support/databases.js";
import { RecordingClient, resultFromText, sseTransport, streamableTransport, newToken } from "../support/mcp.js";
import { deliver, example } from "../support/webhooks.js";

const databases = await testDatabases();

type Structured = Record<string, unknown>;

function resourceJson(result: { contents: ({ text: string } | { blob: string })[] }) {
  const [content] = result.contents;
  if (!content || !("text" in content)) throw new Error("expected a text resource");
  return JSON.parse(content.text);
}

async function call(client: Client, name: string, args: Record<string, unknown> = {}): Promise<Structured> {
  const result = await client.callTool({ name, arguments: args });
  if (result.isError) throw new Error(`${name} failed: ${JSON.stringify(result.content)}`);
  expect(resultFromText((result.content as { text: string }[])[0]!.text)).toEqual(result.structuredContent);
  return result.structuredContent as Structured;
}

async function callError(client: Client, name: string, args: Record<string, unknown>): Promise<string> {
  const result = await client.callTool({ name, arguments: args });
  expect(result.isError).toBe(true);
  return (result.content as { text: string }[]).map((part) => part.text).join("\n");
}

function withRepository(name: string, fullName: string, isPrivate: boolean, edit: (payload: Record<string, any>) => void = () => {}) {
  const payload: Record<string, any> = example(name, (p) => (name === "pull_request" || name === "issues" ? p.action === "opened" : true));
  payload.repository.full_name = fullName;
  payload.repository.name = fullName.split("/")[1];
  payload.repository.private = isPrivate;
  edit(payload);
  return payload;
}

describe.each(databases)("MCP tools, resources and prompts on $name", (database) => {
  let db: Db;
  let drop: () => Promise<void>;
  let server: RunningServer;
  let everything: string;
  let helloOnly: string;
  let prNumber: number;
  let pushId: string;
  /** Moved forward past PostgreSQL's unread settle window (see src/query/unread-events.ts) once the events are in. */
  let clockOffsetMs = 0;

  beforeAll(async () => {
    ({ db, drop } = await database.create());
    server = await startTestServer({ db, clock: () => new Date(Date.now() + clockOffsetMs) });
    everything = await newToken(db.prisma, "everything", ["*"], true);
    helloOnly = await newToken(db.prisma, "hello-only", ["octo-org/hello"]);
    const pr = withRepository("pull_request", "octo-org/hello", false, (p) => {
      p.pull_request.title = "Add dark mode";
      p.pull_request.body = "Please review @alice, the spinner flickers";
    });
    prNumber = pr.pull_request.number;
    for (const [name, payload] of [
      ["pull_request", pr],
      ["issues", withRepository("issues", "octo-org/hello", false)],
      ["issue_comment", withRepository("issue_comment", "octo-org/hello", false, (p) => (p.issue.number = prNumber))],
      ["push", withRepository("push", "octo-org/secret-sauce", true)],
      ["star", withRepository("star", "other-org/tools", false)],
    ] as const) {
      const { id, status } = await deliver(server.url, { name, payload });
      expect(status).toBe(200);
      if (name === "push") pushId = id;
    }
    clockOffsetMs = 60_000;
  });

  afterAll(async () => {
    await server.close();
    await drop();
  });

  const transports: [string, (token: string) => Transport][] = [
    ["Streamable HTTP", (token) => streamableTransport(server.url, token)],
    ["SSE", (token) => sseTransport(server.url, token)],
  ];

  describe.each(transports)("over %s", (_label, transport) => {
    let all: RecordingClient;
    let scoped: RecordingClient;

    beforeAll(async () => {
      all = await new RecordingClient().connect(transport(everything));
      scoped = await new RecordingClient().connect(transport(helloOnly));
    });
    afterAll(async () => {
      await all.close();
      await scoped.close();
    });

    test("lists the twelve tools, each read-only but the two that act, with output schemas", async () => {
      const { tools } = await all.client.listTools();
      expect(tools.map((tool) => tool.name).sort()).toEqual(
        [
          "get_activity_digest",
          "get_attention",
          "get_event_by_id",
          "get_event_stats",
          "get_recent_events",
          "get_thread",
          "get_unread_events",
          "list_repositories",
          "mark_events_read",
          "search_events",
          "send_message_to_letta",
          "wait_for_events",
        ].sort(),
      );
      for (const tool of tools) {
        expect(tool.outputSchema).toBeDefined();
        expect(tool.description).toMatch(/Example/);
        expect(tool.annotations?.readOnlyHint).toBe(!["mark_events_read", "send_message_to_letta"].includes(tool.name));
      }
    });

    test("get_recent_events filters, pages and applies the token's scope", async () => {
      const latest = await call(all.client, "get_recent_events", { limit: 2 });
      expect(latest.count).toBe(2);
      const older = await call(all.client, "get_recent_events", { limit: 10, cursor: latest.next_cursor });
      expect(older.count).toBe(3);
      expect(older.next_cursor).toBeNull();
      const opened = await call(all.client, "get_recent_events", { event_type: "pull_request", action: "opened", repository: "Octo-Org/Hello" });
      expect(opened.events).toEqual([
        {
          delivery_id: expect.any(String),
          at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
          type: "pull_request",
          action: "opened",
          repository: "octo-org/hello",
          actor: "Codertocat",
          number: prNumber,
          summary: `Codertocat opened pull request #${prNumber} "Add dark mode"`,
        },
      ]);
      const full = await call(all.client, "get_recent_events", { event_type: "pull_request", detail: "full" });
      expect((full.events as { summary: string }[]).map((e) => e.summary)).toEqual([`Codertocat opened pull request #${prNumber} "Add dark mode" in octo-org/hello`]);
      const visible = await call(scoped.client, "get_recent_events", {});
      expect((visible.events as { repository: string }[]).map((e) => e.repository)).toEqual(["octo-org/hello", "octo-org/hello", "octo-org/hello"]);
    });

    test("get_event_by_id returns the event, the raw payload on request, and nothing outside the scope", async () => {
      const found = await call(all.client, "get_event_by_id", { delivery_id: pushId, include_payload: true });
      expect((found.event as { event_type: string }).event_type).toBe("push");
      expect((found.payload as { repository: { full_name: string } }).repository.full_name).toBe("octo-org/secret-sauce");
      expect(await callError(scoped.client, "get_event_by_id", { delivery_id: pushId })).toMatch(/No event with delivery_id .* is visible to this token/);
    });

    test("search_events finds words of bodies and titles, within the scope", async () => {
      const hits = await call(all.client, "search_events", { query: "spinner flickers" });
      expect((hits.events as { number: number }[]).map((e) => e.number)).toEqual([prNumber]);
      expect((await call(all.client, "search_events", { query: "spinner flickers", detail: "full" })).events).toEqual([
        expect.objectContaining({ subject: expect.objectContaining({ number: prNumber }) }),
      ]);
      expect((await call(scoped.client, "search_events", { query: "dark" })).count).toBe(1);
      expect((await call(scoped.client, "search_events", { query: "Codertocat", repository: "other-org/tools" })).count).toBe(0);
    });

    test("get_thread, list_repositories, get_event_stats and get_activity_digest", async () => {
      const thread = await call(all.client, "get_thread", { repository: "octo-org/hello", number: prNumber });
      expect((thread.events as { type: string }[]).map((e) => e.type)).toEqual(["pull_request", "issue_comment"]);
      const fullThread = await call(all.client, "get_thread", { repository: "octo-org/hello", number: prNumber, detail: "full" });
      expect((fullThread.events as { event_type: string }[]).map((e) => e.event_type)).toEqual(["pull_request", "issue_comment"]);
      const repositories = await call(scoped.client, "list_repositories");
      expect((repositories.repositories as { full_name: string }[]).map((r) => r.full_name)).toEqual(["octo-org/hello"]);
      const stats = await call(all.client, "get_event_stats", { repository: "octo-org/hello" });
      expect(stats).toMatchObject({ total_events: 3, unique_repositories: 1, event_types: { pull_request: 1, issues: 1, issue_comment: 1 } });
      expect((await call(scoped.client, "get_event_stats")).total_events).toBe(3);
      const digest = await call(all.client, "get_activity_digest", {});
      expect(digest.total_events).toBe(5);
      expect(JSON.stringify(digest)).toContain("Add dark mode");
      expect(JSON.stringify(await call(scoped.client, "get_activity_digest", {}))).not.toContain("secret-sauce");
    });

    test("get_unread_events and mark_events_read: nothing twice, nothing skipped, per consumer", async () => {
      const consumer = `reader-${_label}`;
      const first = await call(all.client, "get_unread_events", { consumer, limit: 3 });
      expect(first).toMatchObject({ count: 3, remaining: true });
      await call(all.client, "mark_events_read", { consumer, cursor: first.cursor });
      const second = await call(all.client, "get_unread_events", { consumer, limit: 10 });
      expect(second).toMatchObject({ count: 2, remaining: false });
      const ids = [...(first.events as { id: number }[]), ...(second.events as { id: number }[])].map((e) => e.id);
      expect(new Set(ids).size).toBe(5);
      await call(all.client, "mark_events_read", { consumer, cursor: second.cursor });
      expect((await call(all.client, "get_unread_events", { consumer })).count).toBe(0);
      expect((await call(all.client, "get_unread_events", { consumer: `${consumer}-other` })).count).toBe(5);
    });

    test("invalid arguments come back as errors that say how to fix the call", async () => {
      expect(await callError(all.client, "get_recent_events", { limit: 500 })).toMatch(/at most 100/);
      expect(await callError(all.client, "get_recent_events", { repository: "not a repo" })).toMatch(/owner\/name/);
      expect(await callError(all.client, "get_recent_events", { since: "yesterday" })).toMatch(/ISO 8601/);
      expect(await callError(all.client, "get_recent_events", { since: "2026-11-21T10:00:00Z", until: "2026-11-20T10:00:00Z" })).toMatch(/must be before until/);
      expect(await callError(all.client, "get_recent_events", { cursor: "garbage" })).toMatch(/cursor/);
      expect(await callError(all.client, "search_events", { query: "" })).toMatch(/must not be empty/);
      expect(await callError(all.client, "get_thread", { repository: "octo-org/hello", number: -1 })).toMatch(/issue or pull request number/);
    });

    test("resources read through the scope", async () => {
      const { resources } = await all.client.listResources();
      expect(resources.map((r) => r.uri)).toContain("codebuddy://events/recent");
      const { resourceTemplates } = await all.client.listResourceTemplates();
      expect(resourceTemplates.map((t) => t.uriTemplate).sort()).toEqual(
        ["codebuddy://events/{delivery_id}", "codebuddy://repos/{owner}/{repo}/events", "codebuddy://repos/{owner}/{repo}/threads/{number}"].sort(),
      );
      const recent = resourceJson(await scoped.client.readResource({ uri: "codebuddy://events/recent" }));
      expect(recent.events).toHaveLength(3);
      const thread = resourceJson(await all.client.readResource({ uri: `codebuddy://repos/octo-org/hello/threads/${prNumber}` }));
      expect(thread.events).toHaveLength(2);
      const event = resourceJson(await all.client.readResource({ uri: `codebuddy://events/${pushId}` }));
      expect(event.payload.repository.full_name).toBe("octo-org/secret-sauce");
      await expect(scoped.client.readResource({ uri: `codebuddy://events/${pushId}` })).rejects.toThrow(/is visible to this token/);
    });

    test("prompts embed the scoped data they are about", async () => {
      const { prompts } = await all.client.listPrompts();
      expect(prompts.map((p) => p.name).sort()).toEqual(["daily_digest", "recent_events", "review_queue", "what_changed_since"]);
      const queue = await all.client.getPrompt({ name: "review_queue", arguments: {} });
      expect(JSON.stringify(queue.messages)).toContain("Add dark mode");
      const digest = await scoped.client.getPrompt({ name: "daily_digest", arguments: {} });
      expect(JSON.stringify(digest.messages)).not.toContain("secret-sauce");
      await expect(all.client.getPrompt({ name: "what_changed_since", arguments: { since: "last week" } })).rejects.toThrow(/ISO 8601/);
      const opened = await scoped.client.getPrompt({ name: "recent_events", arguments: { event_type: "pull_request", action: "opened" } });
      expect(JSON.stringify(opened.messages)).toContain("Add dark mode");
      expect(JSON.stringify((await scoped.client.getPrompt({ name: "recent_events", arguments: { event_type: "push" } })).messages)).not.toContain("secret-sauce");
    });
  });
});
