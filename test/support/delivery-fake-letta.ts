import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface LettaRequest {
  agentId: string;
  authorization: string | null;
  /** The user message's text. */
  content: string;
  /** The delivery ids the message names, in order. */
  deliveryIds: string[];
  at: number;
}

export interface LettaAnswer {
  status: number;
  /** Defaults to a reasoning message and one assistant message. */
  body?: unknown;
}

export const DEFAULT_REPLY = "Noted, thanks.";

/**
 * Letta's messages API stood in on loopback: POST /v1/agents/{id}/messages,
 * answered after `respond` resolves. Counts requests in flight per agent, so
 * tests can check the worker never sends an agent two messages at once.
 */
export class FakeLetta {
  readonly requests: LettaRequest[] = [];
  /** The requests answered 2xx. */
  readonly accepted: LettaRequest[] = [];
  readonly maxInFlight = new Map<string, number>();
  readonly #inFlight = new Map<string, number>();
  respond: (request: LettaRequest) => LettaAnswer | Promise<LettaAnswer>;
  #server: Server;
  url = "";

  private constructor(respond: FakeLetta["respond"]) {
    this.respond = respond;
    const answer = async (req: IncomingMessage, res: ServerResponse) => {
      const match = /^\/v1\/agents\/([^/]+)\/messages$/.exec(req.url ?? "");
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      if (req.method !== "POST" || !match) {
        res.writeHead(404).end(JSON.stringify({ detail: "Not Found" }));
        return;
      }
      const agentId = decodeURIComponent(match[1]!);
      const { messages } = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { messages: { role: string; content: string }[] };
      const content = messages[0]!.content;
      const request = {
        agentId,
        authorization: req.headers.authorization ?? null,
        content,
        deliveryIds: [...content.matchAll(/delivery_id ([^)\s]+)/g)].map((m) => m[1]!),
        at: Date.now(),
      };
      this.requests.push(request);
      const inFlight = (this.#inFlight.get(agentId) ?? 0) + 1;
      this.#inFlight.set(agentId, inFlight);
      this.maxInFlight.set(agentId, Math.max(this.maxInFlight.get(agentId) ?? 0, inFlight));
      try {
        const answer = await this.respond(request);
        const body = answer.body ?? {
          messages: [
            { id: "message-1", message_type: "reasoning_message", reasoning: "The user sent GitHub events." },
            { id: "message-2", message_type: "assistant_message", content: DEFAULT_REPLY },
          ],
          stop_reason: { message_type: "stop_reason", stop_reason: "end_turn" },
          usage: { message_type: "usage_statistics", total_tokens: 42 },
        };
        if (answer.status >= 200 && answer.status < 300) this.accepted.push(request);
        res.writeHead(answer.status, { "content-type": "application/json" }).end(JSON.stringify(body));
      } finally {
        this.#inFlight.set(agentId, this.#inFlight.get(agentId)! - 1);
      }
    };
    this.#server = createServer((req, res) => void answer(req, res));
  }

  static async start(respond: FakeLetta["respond"] = () => ({ status: 200 })): Promise<FakeLetta> {
    const letta = new FakeLetta(respond);
    await new Promise<void>((resolve) => letta.#server.listen(0, "127.0.0.1", resolve));
    letta.url = `http://127.0.0.1:${(letta.#server.address() as AddressInfo).port}`;
    return letta;
  }

  /** Every delivery id an agent accepted, in the order it was told. */
  deliveredIds(): string[] {
    return this.accepted.flatMap((request) => request.deliveryIds);
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}
