import { VERSION } from "../version.js";
import { networkFailure, RESPONSE_EXCERPT_CHARS, type Fetch, type PostRequest } from "./http-post.js";

/** One agent on one Letta server. */
export interface LettaAgent {
  baseUrl: string;
  /** Empty: no Authorization header (a self-hosted server without auth). */
  apiKey: string;
  agentId: string;
}

/** POST /v1/agents/{agent_id}/messages with one user message. */
export function lettaRequest(agent: LettaAgent, content: string, timeoutMs: number, signal?: AbortSignal): PostRequest {
  return {
    url: `${agent.baseUrl.replace(/\/+$/, "")}/v1/agents/${encodeURIComponent(agent.agentId)}/messages`,
    headers: { "user-agent": `code-buddy/${VERSION}`, ...(agent.apiKey === "" ? {} : { authorization: `Bearer ${agent.apiKey}` }) },
    body: JSON.stringify({ messages: [{ role: "user", content }] }),
    timeoutMs,
    signal,
  };
}

type Loose = Record<string, unknown> | null | undefined;

/** What the agent said back: the text of each assistant message (reasoning and tool calls left out). */
export function replyTexts(body: unknown): string[] {
  const messages = (body as Loose)?.messages;
  if (!Array.isArray(messages)) return [];
  return messages.flatMap((message: Loose) => {
    if (message?.message_type !== "assistant_message") return [];
    const content = message.content;
    if (typeof content === "string") return [content];
    if (!Array.isArray(content)) return [];
    const text = content.map((part: Loose) => (part?.type === "text" && typeof part.text === "string" ? part.text : "")).join("");
    return text === "" ? [] : [text];
  });
}

/** A Letta call that did not succeed; the message says what to check. */
export class LettaError extends Error {
  override name = "LettaError";
}

/** Sends one message and waits for the agent's answer: for the MCP tool, which needs the reply itself. */
export async function askLetta(fetchFn: Fetch, agent: LettaAgent, content: string, timeoutMs: number): Promise<string[]> {
  const request = lettaRequest(agent, content, timeoutMs);
  let response: Response;
  try {
    response = await fetchFn(request.url, {
      method: "POST",
      headers: { "content-type": "application/json", ...request.headers },
      body: request.body,
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    if ((error as Error).name === "TimeoutError")
      throw new LettaError(`Letta agent ${agent.agentId} did not answer within ${timeoutMs / 1000} s; it may still be working. Try again later, or raise LETTA_TIMEOUT_SECONDS.`);
    throw new LettaError(`Could not reach the Letta server at ${agent.baseUrl} (${networkFailure(error)}); check LETTA_BASE_URL.`);
  }
  const text = await response.text();
  if (!response.ok) {
    const hint = response.status === 401 || response.status === 403 ? " Check LETTA_API_KEY." : response.status === 404 ? " Check the agent id." : "";
    throw new LettaError(`Letta answered ${response.status} for agent ${agent.agentId}: ${text.slice(0, RESPONSE_EXCERPT_CHARS)}.${hint}`);
  }
  try {
    return replyTexts(JSON.parse(text));
  } catch {
    throw new LettaError(`Letta answered 200 but not with JSON: ${text.slice(0, RESPONSE_EXCERPT_CHARS)}. Check that LETTA_BASE_URL points to a Letta server.`);
  }
}
