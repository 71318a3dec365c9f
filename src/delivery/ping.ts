import { randomUUID } from "node:crypto";
import type { NormalizedEvent } from "../normalize/types.js";
import type { PrismaDb } from "../store/db.js";
import type { AttemptTrigger } from "./attempts.js";
import type { PushConfig } from "./delivery-config.js";
import type { SendDeps, SendResult } from "./http-post.js";
import { sendToLetta } from "./letta-target.js";
import type { TargetKind } from "./outbox-router.js";
import { sendWebhook } from "./webhook-target.js";

/** An event of type "ping", like the one GitHub sends a new webhook: it tells the receiver the subscription works. */
export function pingEvent(subscriptionName: string, now: Date): NormalizedEvent {
  return {
    delivery_id: `ping-${randomUUID()}`,
    // Shaped like the ping GitHub sends a new webhook.
    source: "webhook",
    event_type: "ping",
    action: null,
    timestamp: now.toISOString(),
    installation_id: null,
    repository: null,
    sender: null,
    organization: null,
    subject: null,
    summary: `Code Buddy test ping for subscription "${subscriptionName}"`,
    details: {},
    mentions: [],
  };
}

export interface TestedSubscription {
  name: string;
  target: TargetKind;
  url: string;
  secret: string;
  agentId: string | null;
}

/** Sends a ping now, outside the outbox (no event, no delivery): the result is the answer, for recordPing. */
export function sendPing(deps: SendDeps, config: PushConfig, subscription: TestedSubscription): Promise<SendResult> {
  const event = pingEvent(subscription.name, deps.clock());
  if (subscription.target === "letta") {
    const agent = { baseUrl: subscription.url, apiKey: subscription.secret, agentId: subscription.agentId ?? "" };
    return sendToLetta(deps, agent, [event], config.letta.timeoutMs);
  }
  const message = { id: `msg_${event.delivery_id}`, event };
  return sendWebhook(deps, { url: subscription.url, secret: subscription.secret }, message, config.delivery.webhookTimeoutMs);
}

const TEST: AttemptTrigger = "test";

/** Logs a ping in the subscription's attempt log: a try of no delivery, triggered by a test. */
export async function recordPing(prisma: PrismaDb, subscriptionId: number, result: SendResult, startedAt: Date): Promise<void> {
  const { statusCode, response, error, durationMs } = result;
  await prisma.deliveryAttempt.create({ data: { subscriptionId, deliveryId: null, number: 1, trigger: TEST, startedAt, durationMs, statusCode, response, error } });
}

/** A `subscription test` from any face (CLI, REST, console): sends the ping and logs it as the subscription's last test. */
export async function testSubscription(prisma: PrismaDb, deps: SendDeps, config: PushConfig, subscription: TestedSubscription & { id: number }): Promise<SendResult> {
  const startedAt = deps.clock();
  const result = await sendPing(deps, config, subscription);
  await recordPing(prisma, subscription.id, result, startedAt);
  return result;
}
