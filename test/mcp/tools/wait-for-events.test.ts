import { toolDefinition } from "../../support/mcp-in-memory.js";

describe("the wait_for_events MCP tool", () => {
  test("its definition: name, description, input and output schemas, annotations", async () => {
    expect(await toolDefinition("wait_for_events")).toMatchSnapshot();
  });
});
