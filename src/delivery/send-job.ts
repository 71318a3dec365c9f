import type { PushConfig } from "../config.js";
import type { SendDeps, SendResult } from "./http-post.js";
import type { Job } from "./jobs.js";
import { sendToLetta } from "./letta-target.js";
import { sendWebhook, webhookMessageId } from "./webhook-target.js";

/** Sends a job to its subscription's target; a subscription that cannot be sent to is a failed try, like any other. */
export async function sendJob(deps: SendDeps, config: PushConfig, job: Job, signal?: AbortSignal): Promise<SendResult> {
  const { subscription, deliveries } = job;
  try {
    if (subscription.target === "letta") {
      if (!subscription.agentId) throw new Error("this Letta subscription has no agent id: remove it and add it again with --letta-agent");
      const agent = { baseUrl: subscription.url, apiKey: subscription.secret, agentId: subscription.agentId };
      return await sendToLetta(
        deps,
        agent,
        deliveries.map((delivery) => delivery.event),
        config.letta.timeoutMs,
        signal,
      );
    }
    const [delivery] = deliveries;
    const message = { id: webhookMessageId(delivery!.id), event: delivery!.event };
    return await sendWebhook(deps, { url: subscription.url, secret: subscription.secret }, message, config.delivery.webhookTimeoutMs, signal);
  } catch (error) {
    return { outcome: "retry", statusCode: null, response: null, error: (error as Error).message, durationMs: 0, timedOut: false, retryAfterMs: null };
  }
}
