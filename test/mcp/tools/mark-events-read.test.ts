import { toolDefinition } from "../../support/mcp-in-memory.js";

describe("the mark_events_read MCP tool", () => {
  test("its definition: name, description, input and output schemas, annotations", async () => {
    expect(await toolDefinition("mark_events_read")).toMatchSnapshot();
  });
});
