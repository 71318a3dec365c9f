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
      "Sends a message to a Letta agent (stateful, with long-term memory) and returns its replies, in order (maybe none; it may take a minute). " +
      "Use it to hand the agent something to remember or act on, e.g. GitHub activity you gathered, or to ask what it knows. " +
      `Default agent: ${letta.agentId ?? "the configured one"}. ` +
      'Example: {"message": "PR #42 in octo-org/hello was merged; please update the release notes."}',
    inputSchema: {
      message: z.string().min(1).max(20_000),
      agent_id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/).optional(),
    },
    outputSchema: {
      agent_id: z.string(),
      replies: z.array(z.string()),
    },
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
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
