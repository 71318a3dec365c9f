import { z } from "zod";
import { defineTool, ToolError } from "../tool.js";
import type { LettaConfig } from "../../config.js";
import type { Fetch } from "../../delivery/http-post.js";
import { askLetta, LettaError } from "../../delivery/letta-api.js";

export interface SendMessageToLettaDeps {
  letta: Pick<LettaConfig, "baseUrl" | "apiKey" | "agentId" | "timeoutMs">;
  fetch?: Fetch;
}

const AGENT_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

/** send_message_to_letta: the Letta server comes from the configuration (LETTA_*), never from the caller. */
export function sendMessageToLettaTool({ letta, fetch: fetchFn = fetch }: SendMessageToLettaDeps) {
  return defineTool({
    name: "send_message_to_letta",
    description:
      "Sends a message to a Letta agent (with long-term memory); returns its replies (maybe none; may take a minute). " +
      "Use it to hand it GitHub activity, or ask what it knows. " +
      `Default agent: ${letta.agentId ?? "the configured one"}. ` +
      'Example: {"message": "PR #42 in octo-org/hello was merged."}',
    inputSchema: {
      message: z.string().min(1).max(20_000),
      // A refinement rather than a pattern: the rule is no news to a model, and tools/list is on a token budget.
      agent_id: z
        .string()
        .refine((id) => AGENT_ID.test(id), { error: 'must be a Letta agent id such as "agent-1234": letters, digits, "_" and "-", at most 128' })
        .optional(),
    },
    outputSchema: {
      agent_id: z.string(),
      replies: z.array(z.string()),
    },
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
    run: async ({ message, agent_id }) => {
      const agentId = agent_id ?? letta.agentId;
      if (!agentId) throw new ToolError('No agent_id given and no default agent is configured (LETTA_AGENT_ID): pass agent_id, e.g. {"message": "…", "agent_id": "agent-…"}.');
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
