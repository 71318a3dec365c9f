import type { DeliveryObserver } from "../delivery/worker.js";
import type { IncomingDelivery } from "../github/ingest.js";
import type { Handler } from "../http/route.js";
import type { ToolOutcome } from "../mcp/context.js";
import type { RecoveryOutcome } from "../store/recovery-runs.js";
import type { StoreOutcome } from "../store/events.js";
import { eventLabel, type Metrics } from "./metrics.js";

/** Counts every request to the webhook path by its X-GitHub-Event and the status it was answered with, refusals included. */
export function countWebhooks(handler: Handler, path: string, metrics: Pick<Metrics, "webhooks">): Handler {
  return (req, res) => {
    if (req.method === "POST" && (req.url ?? "").split("?", 1)[0] === path) {
      const event = req.headers["x-github-event"];
      res.once("finish", () => metrics.webhooks.inc({ event: eventLabel(Array.isArray(event) ? event[0] : event), status: String(res.statusCode) }));
    }
    return handler(req, res);
  };
}

/** Times each ingest (normalize + commit) and counts the events stored. */
export function timeIngest(ingest: (delivery: IncomingDelivery) => Promise<StoreOutcome>, metrics: Pick<Metrics, "ingestSeconds" | "eventsStored">) {
  return async (delivery: IncomingDelivery): Promise<StoreOutcome> => {
    const end = metrics.ingestSeconds.startTimer();
    try {
      const outcome = await ingest(delivery);
      if (outcome.outcome === "stored") metrics.eventsStored.inc({ event_type: eventLabel(delivery.name) });
      return outcome;
    } finally {
      end();
    }
  };
}

/** Each MCP tool call, by tool and outcome. */
export function countToolCalls(metrics: Pick<Metrics, "toolCalls">): (tool: string, outcome: ToolOutcome) => void {
  return (tool, outcome) => metrics.toolCalls.inc({ tool, outcome });
}

/** Each check of GitHub's delivery log, by outcome. */
export function countRecoveries(metrics: Pick<Metrics, "recoveryRuns">): (outcome: RecoveryOutcome) => void {
  return (outcome) => metrics.recoveryRuns.inc({ outcome });
}

/** Each recorded try of a push: its outcome per subscription, how long the receiver took, and for what it accepted, how long since the event came in. */
export function observeDeliveries(metrics: Pick<Metrics, "deliveryAttempts" | "deliveryAttemptSeconds" | "deliveryLatencySeconds">): DeliveryObserver {
  return (job, result, now) => {
    metrics.deliveryAttempts.inc({ subscription: job.subscription.name, outcome: result.outcome }, job.deliveries.length);
    metrics.deliveryAttemptSeconds.observe(result.durationMs / 1000);
    if (result.outcome !== "delivered") return;
    for (const delivery of job.deliveries) metrics.deliveryLatencySeconds.observe(Math.max(0, now.getTime() - Date.parse(delivery.event.timestamp)) / 1000);
  };
}
