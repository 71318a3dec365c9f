import { toolDefinition } from "../../support/mcp-in-memory.js";

describe("the get_attention MCP tool", () => {
  test("its definition: name, description, input and output schemas, annotations", async () => {
    expect(await toolDefinition("get_attention")).toMatchSnapshot();
  });
});
