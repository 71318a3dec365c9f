import { testDatabases } from "../../support/databases.js";
import { callTool, toolDefinition } from "../../support/mcp-in-memory.js";
import { useToolWorld } from "../../support/tool-events.js";

const databases = await testDatabases();

describe("the list_repositories MCP tool", () => {
  test("its definition: name, description, input and output schemas, annotations", async () => {
    expect(await toolDefinition("list_repositories")).toMatchSnapshot();
  });

  describe.each(databases)("on $name", (database) => {
    const world = useToolWorld(database);

    test("lists only the repositories in the scope", async () => {
      const repositories = await callTool(world.scoped, "list_repositories");
      expect((repositories.repositories as { full_name: string }[]).map((r) => r.full_name)).toEqual(["octo-org/hello"]);
    });
  });
});
