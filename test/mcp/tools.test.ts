import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { RunningServer } from "../../src/server.js";
import type { Db } from "../../src/store/db.js";
import { startTestServer } from "../support/app-server.js";
import { testDatabases } from "../support/databases.js";
import { newToken, RecordingClient, sseTransport, streamableTransport } from "../support/mcp.js";
import { withRepository } from "../support/tool-events.js";
import { deliver } from "../support/webhooks.js";

const databases = await testDatabases();

function resourceJson(result: { contents: ({ text: string } | { blob: string })[] }) {
  const [content] = result.contents;
  if (!content || !("text" in content)) throw new Error("expected a text resource");
  return JSON.parse(content.text);
}

/**
 * What each HTTP transport serves a token: the whole tools list, and resources and prompts read
 * through the token's scope. The tools' own behaviour is tested in-memory, one file per tool, in
 * test/mcp/tools/.
 */
describe.each(databases)("MCP tools list, resources and prompts over HTTP on $name", (database) => {
  let db: Db;
  let drop: () => Promise<void>;
  let server: RunningServer;
  let everything: string;
  let helloOnly: string;
  let prNumber: number;
  let pushId: string;

  beforeAll(async () => {
    ({ db, drop } = await database.create());
    server = await startTestServer({ db });
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
