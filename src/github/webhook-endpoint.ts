import type { Webhooks } from "@octokit/webhooks";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";
import { HttpError, sendError, sendJson } from "../http/http-error.js";
import { readBody } from "../http/read-body.js";
import { StoreUnavailableError } from "../store/errors.js";
import type { IncomingDelivery } from "./ingest.js";

const REQUIRED_HEADERS = ["x-github-event", "x-github-delivery", "x-hub-signature-256"] as const;
const JSON_CONTENT_TYPE = /^\s*application\/json\s*(;|$)/i;

export interface WebhookEndpointOptions {
  /** Probot's webhooks instance: it holds the secret and verifies signatures. */
  webhooks: Pick<Webhooks, "verify">;
  ingest: (delivery: IncomingDelivery) => Promise<unknown>;
  path: string;
  maxBytes: number;
  log: Logger;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function checkRequest(req: IncomingMessage): void {
  if (req.method !== "POST") throw new HttpError(405, `${req.method} is not allowed here: GitHub delivers webhooks with POST.`, { allow: "POST" });
  if (!JSON_CONTENT_TYPE.test(header(req, "content-type") ?? ""))
    throw new HttpError(415, 'Unsupported content type: set the GitHub App\'s webhook content type to "application/json".', { accept: "application/json" });
  const missing = REQUIRED_HEADERS.filter((name) => !header(req, name));
  if (missing.length > 0) throw new HttpError(400, `Required headers missing: ${missing.join(", ")}. Only GitHub's signed deliveries are accepted here.`);
}

function parsePayload(body: string): object {
  let payload: unknown;
  try {
    payload = JSON.parse(body);
  } catch (error) {
    throw new HttpError(400, `Body is not valid JSON (${(error as Error).message}).`);
  }
  if (payload === null || typeof payload !== "object" || Array.isArray(payload)) throw new HttpError(400, "Body must be a JSON object, as every GitHub webhook payload is.");
  return payload;
}

function failureOf(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  if (error instanceof StoreUnavailableError)
    return new HttpError(503, "The event store is unavailable, so the delivery was not stored. GitHub records it as failed; redeliver it once the database is back.", {
      "retry-after": "30",
    });
  return new HttpError(500, "The delivery could not be processed and was not stored; see the server log. GitHub records it as failed and it can be redelivered.");
}

/**
 * GitHub's webhook endpoint. Probot's webhooks instance verifies the signature;
 * the verified delivery goes straight to ingest, and the 2xx only after it is
 * stored. This endpoint owns the HTTP answers: Probot's middleware answers 202
 * after 9 s whether or not the event was stored, and has no precise 4xx for
 * oversize or non-object bodies. Nor does ingest go through Probot's event
 * emitter: that builds an installation Octokit and a Context for every event,
 * which ingest never uses (it makes no GitHub call) and which was the largest
 * share of Probot's cost per webhook in the bench:ingest profile.
 */
export function createWebhookEndpoint({ webhooks, ingest, path, maxBytes, log }: WebhookEndpointOptions) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    if ((req.url ?? "").split("?", 1)[0] !== path) return false;
    const id = header(req, "x-github-delivery");
    try {
      checkRequest(req);
      const raw = await readBody(req, maxBytes);
      const body = raw.toString("utf8");
      // The signature check itself throws on an empty payload, which would be a 500.
      if (body.trim() === "") throw new HttpError(400, "Body is empty: GitHub always delivers a JSON payload; check what sends to this URL.");
      if (!(await webhooks.verify(body, header(req, "x-hub-signature-256")!)))
        throw new HttpError(401, "Signature does not match the payload: check that WEBHOOK_SECRET equals the GitHub App's webhook secret.");
      await ingest({ id: id!, name: header(req, "x-github-event")!, payload: parsePayload(body), raw });
      sendJson(res, 200, { ok: true });
    } catch (error) {
      const failure = failureOf(error);
      if (failure.status >= 500) log.error({ err: error, delivery: id }, "webhook delivery failed");
      else log.warn({ delivery: id, status: failure.status, reason: failure.message }, "webhook delivery refused");
      sendError(res, failure);
      if (failure.status === 413) req.resume();
    }
    return true;
  };
}
