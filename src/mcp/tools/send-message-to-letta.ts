import { z } from "zod";
import { defineTool, ToolError } from "../tool.js";
import type { LettaConfig } from "../../config.js";
import type { Fetch } from "../../delivery/http-post.js";
import { askLetta, LettaError } from "../../delivery/letta-api.js";

export interface SendMessageToLettaDeps {
  letta: Pick<LettaConfig, "baseUrl" | "apiKey" | "agentId" | "timeoutMs">;
  fetch?: Fetch;
}

/** send_message_to_letta: the Letta server comes from the configuration (LETTA_*), never from the caller. */
export function sendMessageToLettaTool({ letta, fetch: fetchFn = fetch }: SendMessageToLettaDeps) {
  return defineTool({
    name: "send_message_to_letta",
    title: "Message a Letta agent",
    description:
      "Send a message to a Letta agent (a stateful agent with long-term memory) and get its reply. " +
      "Use it to hand the agent something to remember or act on, e.g. a summary of GitHub activity you gathered with the other tools, " +
      "or to ask it a question about what it knows. The agent may take a minute to answer; its reply texts come back in order (possibly none). " +
      `Without agent_id the configured agent${letta.agentId ? ` (${letta.agentId})` : ""} is used. ` +
      'Example: {"message": "PR #42 in octo-org/hello was merged; CI is green. Please update the release notes draft."}',
    inputSchema: {
      message: z.string().min(1).max(20_000).describe("What to tell the agent, as plain text."),
      agent_id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/).optional().describe("The Letta agent to message, e.g. agent-0f4c…; default: the configured one."),
    },
    outputSchema: {
      agent_id: z.string().describe("The agent that answered."),
      replies: z.array(z.string()).describe("The agent's reply messages, in order; empty when it chose not to reply."),
    },
    annotations: { title: "Message a Letta agent", readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
    run: async ({ message, agent_id }) => {
      const agentId = agent_id ?? letta.agentId;
      if (!agentId) throw new ToolError("No agent_id given and no default agent is configured (LETTA_AGENT_ID): pass agent_id, e.g. {\"message\": \"…\", \"agent_id\": \"agent-…\"}.");
      try {
        const replies = await askLetta(fetchFn, { baseUrl: letta.baseUrl, apiKey: letta.apiKey, agentId }, message, letta.timeoutMs);
        return { agent_id: agentId, replies };
      } catch (error) {
        if (error instanceof LettaError) throw new ToolError(error.message);
        throw error;
      }
    },
  });
}
