import { testDatabases } from "../../support/databases.js";
import { callTool, toolDefinition } from "../../support/mcp-in-memory.js";
import { useToolWorld } from "../../support/tool-events.js";

const databases = await testDatabases();

describe("the get_activity_digest MCP tool", () => {
  test("its definition: name, description, input and output schemas, annotations", async () => {
    expect(await toolDefinition("get_activity_digest")).toMatchSnapshot();
  });

  describe.each(databases)("on $name", (database) => {
    const world = useToolWorld(database);

    test("digests every event in the scope, and nothing outside it", async () => {
      const digest = await callTool(world.all, "get_activity_digest", {});
      expect(digest.total_events).toBe(5);
      expect(JSON.stringify(digest)).toContain("Add dark mode");
      expect(JSON.stringify(await callTool(world.scoped, "get_activity_digest", {}))).not.toContain("secret-sauce");
    });
  });
});
