import { Client } from "@modelcontextprotocol/client";
import { InMemoryTransport, McpServer } from "@modelcontextprotocol/server";
import { LOCAL_SCOPE } from "../../../src/auth/scope.js";
import type { LettaConfig } from "../../../src/config.js";
import { EventBus } from "../../../src/events/event-bus.js";
import type { McpContext } from "../../../src/mcp/context.js";
import { registerTool } from "../../../src/mcp/tool.js";
import { sendMessageToLettaTool } from "../../../src/mcp/tools/send-message-to-letta.js";
import type { Db } from "../../../src/store/db.js";
import { FakeLetta } from "../../support/delivery-fake-letta.js";
import { silent } from "../../support/delivery-world.js";
import { toolDefinition } from "../../support/mcp-in-memory.js";

describe("the send_message_to_letta MCP tool", () => {
  test("its definition: name, description, input and output schemas, annotations", async () => {
    expect(await toolDefinition("send_message_to_letta")).toMatchSnapshot();
  });

  describe("called", () => {
    let letta: FakeLetta;
    let client: Client;
    let server: McpServer;

    beforeAll(async () => {
      letta = await FakeLetta.start((request) =>
        request.agentId === "agent-silent"
          ? { status: 200, body: { messages: [{ message_type: "reasoning_message", reasoning: "nothing to say" }] } }
          : request.agentId === "agent-missing"
            ? { status: 404, body: { detail: "Agent agent-missing not found" } }
            : {
                status: 200,
                body: {
                  messages: [
                    { message_type: "assistant_message", content: "First." },
                    { message_type: "tool_call_message" },
                    { message_type: "assistant_message", content: [{ type: "text", text: "Second." }] },
                  ],
                },
              },
      );
    });
    afterAll(() => letta.close());

    async function connect(config: Partial<LettaConfig> = {}): Promise<void> {
      const letta_: LettaConfig = { baseUrl: letta.url, apiKey: "sk-1", agentId: "agent-default", timeoutMs: 2000, maxEventsPerMessage: 20, ...config };
      server = new McpServer({ name: "code-buddy-test", version: "0.0.0" });
      const ctx: McpContext = { db: {} as Db, scope: LOCAL_SCOPE, clock: () => new Date(), events: new EventBus(), log: silent, letta: letta_ };
      registerTool(server, sendMessageToLettaTool({ letta: letta_ }), ctx);
      client = new Client({ name: "test", version: "1.0.0" });
      const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
      await Promise.all([server.connect(serverSide), client.connect(clientSide)]);
    }
    afterEach(() => client.close());

    const call = (args: Record<string, unknown>) => client.callTool({ name: "send_message_to_letta", arguments: args });

    test("sends the message to the configured agent and returns its reply texts, in order", async () => {
      await connect();
      const result = await call({ message: "PR #42 was merged." });
      expect(result.structuredContent).toEqual({ agent_id: "agent-default", replies: ["First.", "Second."] });
      expect(letta.requests.at(-1)).toMatchObject({ agentId: "agent-default", authorization: "Bearer sk-1", content: "PR #42 was merged." });
    });

    test("an agent_id in the call overrides the configured one; an agent that says nothing gives no replies", async () => {
      await connect();
      expect((await call({ message: "hello", agent_id: "agent-silent" })).structuredContent).toEqual({ agent_id: "agent-silent", replies: [] });
    });

    test("an agent_id that cannot be a Letta agent's is refused, saying what one looks like, and nothing is sent", async () => {
      await connect();
      const before = letta.requests.length;
      const result = await call({ message: "hello", agent_id: "../agents/x" });
      expect(result).toMatchObject({ isError: true, content: [{ type: "text", text: expect.stringContaining('must be a Letta agent id such as "agent-1234"') }] });
      expect(letta.requests).toHaveLength(before);
    });

    test("failures come back as tool errors that say what to fix", async () => {
      await connect({ agentId: null });
      expect(await call({ message: "hello" })).toMatchObject({
        isError: true,
        content: [{ type: "text", text: expect.stringContaining("No agent_id given and no default agent is configured (LETTA_AGENT_ID)") }],
      });
      expect(await call({ message: "hello", agent_id: "agent-missing" })).toMatchObject({
        isError: true,
        content: [{ type: "text", text: 'Letta answered 404 for agent agent-missing: {"detail":"Agent agent-missing not found"}. Check the agent id.' }],
      });
      await client.close();
      const closed = await FakeLetta.start();
      await closed.close();
      await connect({ baseUrl: closed.url });
      expect(await call({ message: "hello" })).toMatchObject({
        isError: true,
        content: [{ type: "text", text: `Could not reach the Letta server at ${closed.url} (ECONNREFUSED); check LETTA_BASE_URL.` }],
      });
    });
  });
});
