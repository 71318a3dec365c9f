import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";

/** One request as the receiver saw it. */
export interface ReceivedWebhook {
  id: string;
  timestamp: string;
  body: string;
  /** The verified Standard Webhooks payload: { type, timestamp, data }. */
  payload: { type: string; timestamp: string; data: { delivery_id: string; repository: { full_name: string } | null; [key: string]: unknown } };
  /** Date.now() when it arrived. */
  at: number;
}

export interface Answer {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

/** Decides each answer; it may wait (hold the request) before answering. */
export type Responder = (request: ReceivedWebhook, index: number) => Answer | Promise<Answer>;

const header = (req: IncomingMessage, name: string) => String(req.headers[name] ?? "");

/**
 * A webhook endpoint on loopback that verifies every request with the official
 * `standardwebhooks` package, as a real receiver would, and records what it
 * got and what it accepted (answered 2xx).
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  /** Requests that failed verification: must stay empty. */
  readonly rejected: string[] = [];
  readonly accepted: ReceivedWebhook[] = [];
  inFlight = 0;
  maxInFlight = 0;
  respond: Responder;
  #server: Server;
  url = "";

  private constructor(secret: string, respond: Responder) {
    this.respond = respond;
    const verifier = new Webhook(secret);
    const answer = async (req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const body = Buffer.concat(chunks).toString("utf8");
      const headers = { "webhook-id": header(req, "webhook-id"), "webhook-timestamp": header(req, "webhook-timestamp"), "webhook-signature": header(req, "webhook-signature") };
      let payload: ReceivedWebhook["payload"];
      try {
        payload = verifier.verify(body, headers) as ReceivedWebhook["payload"];
      } catch (error) {
        this.rejected.push(`${headers["webhook-id"]}: ${(error as Error).message}`);
        res.writeHead(400).end("bad signature");
        return;
      }
      const request = { id: headers["webhook-id"], timestamp: headers["webhook-timestamp"], body, payload, at: Date.now() };
      this.received.push(request);
      this.inFlight += 1;
      this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
      try {
        const answer = await this.respond(request, this.received.length - 1);
        if (answer.status >= 200 && answer.status < 300) this.accepted.push(request);
        res.writeHead(answer.status, answer.headers).end(answer.body ?? "");
      } finally {
        this.inFlight -= 1;
      }
    };
    this.#server = createServer((req, res) => void answer(req, res));
  }

  /** On `port`, or a free one. */
  static async start(secret: string, respond: Responder = () => ({ status: 204 }), port = 0): Promise<WebhookReceiver> {
    const receiver = new WebhookReceiver(secret, respond);
    await new Promise<void>((resolve) => receiver.#server.listen(port, "127.0.0.1", resolve));
    receiver.url = `http://127.0.0.1:${(receiver.#server.address() as AddressInfo).port}/hooks`;
    return receiver;
  }

  acceptedIds(): string[] {
    return this.accepted.map((request) => request.id);
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}
