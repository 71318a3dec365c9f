import type { NormalizedEvent } from "../normalize/types.js";
import { postJson, type SendDeps, type SendResult } from "./http-post.js";
import { lettaRequest, type LettaAgent } from "./letta-api.js";
import { lettaMessage } from "./letta-message.js";

/** One message to the agent for all these events, oldest first. */
export function sendToLetta(deps: SendDeps, agent: LettaAgent, events: readonly NormalizedEvent[], timeoutMs: number, signal?: AbortSignal): Promise<SendResult> {
  return postJson(deps.fetch, lettaRequest(agent, lettaMessage(events), timeoutMs, signal), deps.clock);
}
