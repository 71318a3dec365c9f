import { testDatabases } from "../../support/databases.js";
import { callTool, callToolError, toolDefinition } from "../../support/mcp-in-memory.js";
import { useToolWorld } from "../../support/tool-events.js";

const databases = await testDatabases();

describe("the get_thread MCP tool", () => {
  test("its definition: name, description, input and output schemas, annotations", async () => {
    expect(await toolDefinition("get_thread")).toMatchSnapshot();
  });

  describe.each(databases)("on $name", (database) => {
    const world = useToolWorld(database);

    test("returns a thread's events in order, in full on request", async () => {
      const thread = await callTool(world.all, "get_thread", { repository: "octo-org/hello", number: world.prNumber });
      expect((thread.events as { type: string }[]).map((e) => e.type)).toEqual(["pull_request", "issue_comment"]);
      const fullThread = await callTool(world.all, "get_thread", { repository: "octo-org/hello", number: world.prNumber, detail: "full" });
      expect((fullThread.events as { event_type: string }[]).map((e) => e.event_type)).toEqual(["pull_request", "issue_comment"]);
    });

    test("a number that cannot be an issue's comes back as an error that says how to fix the call", async () => {
      expect(await callToolError(world.all, "get_thread", { repository: "octo-org/hello", number: -1 })).toMatch(/issue or pull request number/);
    });
  });
});
