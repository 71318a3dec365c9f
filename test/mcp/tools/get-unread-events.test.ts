import { testDatabases } from "../../support/databases.js";
import { callTool, toolDefinition } from "../../support/mcp-in-memory.js";
import { useToolWorld } from "../../support/tool-events.js";

const databases = await testDatabases();

describe("the get_unread_events MCP tool", () => {
  test("its definition: name, description, input and output schemas, annotations", async () => {
    expect(await toolDefinition("get_unread_events")).toMatchSnapshot();
  });

  describe.each(databases)("on $name", (database) => {
    const world = useToolWorld(database);

    test("with mark_events_read: nothing twice, nothing skipped, per consumer", async () => {
      const consumer = "reader";
      const first = await callTool(world.all, "get_unread_events", { consumer, limit: 3 });
      expect(first).toMatchObject({ count: 3, remaining: true });
      await callTool(world.all, "mark_events_read", { consumer, cursor: first.cursor });
      const second = await callTool(world.all, "get_unread_events", { consumer, limit: 10 });
      expect(second).toMatchObject({ count: 2, remaining: false });
      const ids = [...(first.events as { id: number }[]), ...(second.events as { id: number }[])].map((e) => e.id);
      expect(new Set(ids).size).toBe(5);
      await callTool(world.all, "mark_events_read", { consumer, cursor: second.cursor });
      expect((await callTool(world.all, "get_unread_events", { consumer })).count).toBe(0);
      expect((await callTool(world.all, "get_unread_events", { consumer: `${consumer}-other` })).count).toBe(5);
    });
  });
});
