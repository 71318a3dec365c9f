import type { NormalizedEvent } from "../normalize/types.js";
import { VERSION } from "../version.js";
import { postJson, type SendDeps, type SendResult } from "./http-post.js";
import { signWebhook } from "./signing.js";

export interface WebhookEndpoint {
  url: string;
  /** whsec_… */
  secret: string;
}

export interface WebhookMessage {
  /** The webhook-id header: the same on every try, so a receiver can drop duplicates. */
  id: string;
  event: NormalizedEvent;
}

/** The id receivers deduplicate on: one per outbox row, stable across retries and workers. */
export const webhookMessageId = (deliveryId: number) => `msg_${deliveryId}`;

/** The Standard Webhooks envelope: type is the event with its action, data the normalized event. */
export function webhookBody(event: NormalizedEvent): string {
  const type = event.action === null ? event.event_type : `${event.event_type}.${event.action}`;
  return JSON.stringify({ type, timestamp: event.timestamp, data: event });
}

/** One signed POST (Standard Webhooks); the signature's timestamp is the time of this try. */
export function sendWebhook(deps: SendDeps, endpoint: WebhookEndpoint, message: WebhookMessage, timeoutMs: number, signal?: AbortSignal): Promise<SendResult> {
  const body = webhookBody(message.event);
  const timestamp = Math.floor(deps.clock().getTime() / 1000);
  const headers = {
    "user-agent": `code-buddy/${VERSION}`,
    "webhook-id": message.id,
    "webhook-timestamp": String(timestamp),
    "webhook-signature": signWebhook(endpoint.secret, message.id, timestamp, body),
  };
  return postJson(deps.fetch, { url: endpoint.url, headers, body, timeoutMs, signal }, deps.clock);
}
