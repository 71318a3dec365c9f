import { getEncoding } from "js-tiktoken";
import type { RunningServer } from "../../src/server.js";
import type { Db } from "../../src/store/db.js";
import { startTestServer } from "../support/app-server.js";
import { testDatabases } from "../support/databases.js";
import { newToken, RecordingClient, streamableTransport } from "../support/mcp.js";

const [sqlite] = await testDatabases();

/**
 * What agents see of every resource and prompt — names, descriptions,
 * schemas, annotations — as a snapshot, so any change to it is a visible diff
 * in review, and what all tools together cost. Each tool's definition is
 * snapshotted in its own file under test/mcp/tools/. Update deliberately with
 * `npm test -- -u`.
 */
describe("MCP definitions agents see", () => {
  let db: Db;
  let drop: () => Promise<void>;
  let server: RunningServer;
  let client: RecordingClient;

  beforeAll(async () => {
    ({ db, drop } = await sqlite!.create());
    server = await startTestServer({ db });
    client = await new RecordingClient().connect(streamableTransport(server.url, await newToken(db.prisma, "snapshot", ["*"])));
  });
  afterAll(async () => {
    await client.close();
    await server.close();
    await drop();
  });

  /** In Letta every attached tool's definition sits in the agent's context on every step. */
  test("all tools together cost at most 3,500 cl100k_base tokens in tools/list, each still saying when to use it with an example", async () => {
    const { tools } = await client.client.listTools();
    expect(getEncoding("cl100k_base").encode(JSON.stringify(tools)).length).toBeLessThanOrEqual(3500);
    for (const tool of tools) expect(tool.description).toMatch(/Use it .*Example: \{/s);
    const json = JSON.stringify(tools);
    expect(json).not.toContain("$schema");
    expect(json.match(/"pattern":"[^"]{60,}"/)).toBeNull();
    expect(json.match(/"format":"date-time"/g)?.length).toBeGreaterThanOrEqual(6);
  });

  test("resources and resource templates", async () => {
    expect((await client.client.listResources()).resources).toMatchSnapshot();
    expect((await client.client.listResourceTemplates()).resourceTemplates).toMatchSnapshot();
  });

  test("prompts", async () => {
    expect((await client.client.listPrompts()).prompts).toMatchSnapshot();
  });
});
