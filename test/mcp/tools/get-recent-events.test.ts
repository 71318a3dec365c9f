import { testDatabases } from "../../support/databases.js";
import { callTool, callToolError, toolDefinition } from "../../support/mcp-in-memory.js";
import { useToolWorld } from "../../support/tool-events.js";

const databases = await testDatabases();

describe("the get_recent_events MCP tool", () => {
  test("its definition: name, description, input and output schemas, annotations", async () => {
    expect(await toolDefinition("get_recent_events")).toMatchSnapshot();
  });

  describe.each(databases)("on $name", (database) => {
    const world = useToolWorld(database);

    test("filters, pages and applies the token's scope", async () => {
      const latest = await callTool(world.all, "get_recent_events", { limit: 2 });
      expect(latest.count).toBe(2);
      const older = await callTool(world.all, "get_recent_events", { limit: 10, cursor: latest.next_cursor });
      expect(older.count).toBe(3);
      expect(older.next_cursor).toBeNull();
      const opened = await callTool(world.all, "get_recent_events", { event_type: "pull_request", action: "opened", repository: "Octo-Org/Hello" });
      expect(opened.events).toEqual([
        {
          delivery_id: expect.any(String),
          at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
          type: "pull_request",
          action: "opened",
          repository: "octo-org/hello",
          actor: "Codertocat",
          number: world.prNumber,
          summary: `Codertocat opened pull request #${world.prNumber} "Add dark mode"`,
        },
      ]);
      const full = await callTool(world.all, "get_recent_events", { event_type: "pull_request", detail: "full" });
      expect((full.events as { summary: string }[]).map((e) => e.summary)).toEqual([`Codertocat opened pull request #${world.prNumber} "Add dark mode" in octo-org/hello`]);
      const visible = await callTool(world.scoped, "get_recent_events", {});
      expect((visible.events as { repository: string }[]).map((e) => e.repository)).toEqual(["octo-org/hello", "octo-org/hello", "octo-org/hello"]);
    });

    test("invalid arguments come back as errors that say how to fix the call", async () => {
      expect(await callToolError(world.all, "get_recent_events", { limit: 500 })).toMatch(/at most 100/);
      expect(await callToolError(world.all, "get_recent_events", { repository: "not a repo" })).toMatch(/owner\/name/);
      expect(await callToolError(world.all, "get_recent_events", { since: "yesterday" })).toMatch(/ISO 8601/);
      expect(await callToolError(world.all, "get_recent_events", { since: "2026-11-21T10:00:00Z", until: "2026-11-20T10:00:00Z" })).toMatch(/must be before until/);
      expect(await callToolError(world.all, "get_recent_events", { cursor: "garbage" })).toMatch(/cursor/);
    });
  });
});
