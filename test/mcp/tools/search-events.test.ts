import { testDatabases } from "../../support/databases.js";
import { callTool, callToolError, toolDefinition } from "../../support/mcp-in-memory.js";
import { useToolWorld } from "../../support/tool-events.js";

const databases = await testDatabases();

describe("the search_events MCP tool", () => {
  test("its definition: name, description, input and output schemas, annotations", async () => {
    expect(await toolDefinition("search_events")).toMatchSnapshot();
  });

  describe.each(databases)("on $name", (database) => {
    const world = useToolWorld(database);

    test("finds words of bodies and titles, within the scope", async () => {
      const hits = await callTool(world.all, "search_events", { query: "spinner flickers" });
      expect((hits.events as { number: number }[]).map((e) => e.number)).toEqual([world.prNumber]);
      expect((await callTool(world.all, "search_events", { query: "spinner flickers", detail: "full" })).events).toEqual([
        expect.objectContaining({ subject: expect.objectContaining({ number: world.prNumber }) }),
      ]);
      expect((await callTool(world.scoped, "search_events", { query: "dark" })).count).toBe(1);
      expect((await callTool(world.scoped, "search_events", { query: "Codertocat", repository: "other-org/tools" })).count).toBe(0);
    });

    test("an empty query comes back as an error that says how to fix the call", async () => {
      expect(await callToolError(world.all, "search_events", { query: "" })).toMatch(/must not be empty/);
    });
  });
});
