import { testDatabases } from "../../support/databases.js";
import { callTool, toolDefinition } from "../../support/mcp-in-memory.js";
import { useToolWorld } from "../../support/tool-events.js";

const databases = await testDatabases();

describe("the get_event_stats MCP tool", () => {
  test("its definition: name, description, input and output schemas, annotations", async () => {
    expect(await toolDefinition("get_event_stats")).toMatchSnapshot();
  });

  describe.each(databases)("on $name", (database) => {
    const world = useToolWorld(database);

    test("counts a repository's events by type, within the scope", async () => {
      const stats = await callTool(world.all, "get_event_stats", { repository: "octo-org/hello" });
      expect(stats).toMatchObject({ total_events: 3, unique_repositories: 1, event_types: { pull_request: 1, issues: 1, issue_comment: 1 } });
      expect((await callTool(world.scoped, "get_event_stats")).total_events).toBe(3);
    });
  });
});
