import { testDatabases } from "../../support/databases.js";
import { callTool, callToolError, toolDefinition } from "../../support/mcp-in-memory.js";
import { useToolWorld } from "../../support/tool-events.js";

const databases = await testDatabases();

describe("the get_event_by_id MCP tool", () => {
  test("its definition: name, description, input and output schemas, annotations", async () => {
    expect(await toolDefinition("get_event_by_id")).toMatchSnapshot();
  });

  describe.each(databases)("on $name", (database) => {
    const world = useToolWorld(database);

    test("returns the event, the raw payload on request, and nothing outside the scope", async () => {
      const found = await callTool(world.all, "get_event_by_id", { delivery_id: world.pushId, include_payload: true });
      expect((found.event as { event_type: string }).event_type).toBe("push");
      expect((found.payload as { repository: { full_name: string } }).repository.full_name).toBe("octo-org/secret-sauce");
      expect(await callToolError(world.scoped, "get_event_by_id", { delivery_id: world.pushId })).toMatch(/No event with delivery_id .* is visible to this token/);
    });
  });
});
