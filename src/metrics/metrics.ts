import { emitterEventNames } from "@octokit/webhooks";
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import type { PrismaDb } from "../store/db.js";

/** Event names GitHub sends; anything else (a forged header) is counted as "other", so no request can mint label values. */
const KNOWN_EVENTS = new Set<string>(emitterEventNames.filter((name) => !name.includes(".")));
export const eventLabel = (name: string | undefined) => (name !== undefined && KNOWN_EVENTS.has(name) ? name : "other");

export interface Metrics {
  registry: Registry;
  webhooks: Counter<"event" | "status">;
  ingestSeconds: Histogram;
  eventsStored: Counter<"event_type">;
  deliveryAttempts: Counter<"subscription" | "outcome">;
  deliveryAttemptSeconds: Histogram;
  deliveryLatencySeconds: Histogram;
  toolCalls: Counter<"tool" | "outcome">;
  recoveryRuns: Counter<"outcome">;
  /** Reads the open MCP sessions by transport at each scrape, from the endpoints that hold them; returns the function that stops it. */
  countMcpSessions(source: () => ReadonlyMap<string, number>): () => void;
}

/** Every transport is reported, at 0 when none is open, so a dashboard's series never vanish. */
const MCP_TRANSPORTS = ["streamable", "sse", "listen"] as const;

/**
 * Code Buddy's Prometheus metrics, in a registry of its own: webhooks by
 * event and HTTP status, ingest time, events stored, the outbox per
 * subscription (read from the database at each scrape, so every instance
 * reports the shared queue), delivery attempts and latency, and Node's own.
 * Histograms carry no labels: their outcomes are counted by the counters,
 * and each label set would multiply their series.
 */
export function createMetrics(prisma: PrismaDb): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "code_buddy_" });
  const sessionSources = new Set<() => ReadonlyMap<string, number>>();
  new Gauge({
    name: "code_buddy_mcp_sessions_open",
    help: "MCP sessions this instance holds: 2025-era Streamable HTTP sessions, legacy SSE sessions and 2026-07-28 subscriptions/listen streams.",
    labelNames: ["transport"] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const transport of MCP_TRANSPORTS) this.set({ transport }, 0);
      for (const source of sessionSources) for (const [transport, count] of source()) this.inc({ transport }, count);
    },
  });
  new Gauge({
    name: "code_buddy_outbox_deliveries",
    help: "Deliveries waiting (pending) or given up (failed), per subscription.",
    labelNames: ["subscription", "status"] as const,
    registers: [registry],
    async collect() {
      const [subscriptions, groups] = await Promise.all([
        prisma.subscription.findMany({ select: { id: true, name: true } }),
        prisma.delivery.groupBy({ by: ["subscriptionId", "status"], where: { status: { in: ["pending", "failed"] } }, _count: { _all: true } }),
      ]);
      const counts = new Map(groups.map((group) => [`${group.subscriptionId}:${group.status}`, group._count._all]));
      this.reset();
      for (const { id, name } of subscriptions) for (const status of ["pending", "failed"]) this.set({ subscription: name, status }, counts.get(`${id}:${status}`) ?? 0);
    },
  });
  return {
    registry,
    webhooks: new Counter({
      name: "code_buddy_webhooks_received_total",
      help: "Webhook requests, by X-GitHub-Event and the HTTP status answered.",
      labelNames: ["event", "status"],
      registers: [registry],
    }),
    ingestSeconds: new Histogram({
      name: "code_buddy_ingest_duration_seconds",
      help: "Time to normalize and commit one verified delivery (stored, duplicate or failed).",
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    eventsStored: new Counter({ name: "code_buddy_events_stored_total", help: "Events this instance stored, by event type.", labelNames: ["event_type"], registers: [registry] }),
    deliveryAttempts: new Counter({
      name: "code_buddy_delivery_attempts_total",
      help: "Tries of pushes to subscriptions, by outcome (delivered, retry, gone).",
      labelNames: ["subscription", "outcome"],
      registers: [registry],
    }),
    deliveryAttemptSeconds: new Histogram({
      name: "code_buddy_delivery_attempt_duration_seconds",
      help: "How long a receiver took to answer one try.",
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15, 60, 120],
      registers: [registry],
    }),
    deliveryLatencySeconds: new Histogram({
      name: "code_buddy_delivery_latency_seconds",
      help: "From Code Buddy receiving an event to its receiver accepting it.",
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15, 60, 300, 1800, 7200],
      registers: [registry],
    }),
    toolCalls: new Counter({
      name: "code_buddy_mcp_tool_calls_total",
      help: "MCP tool calls, by tool and outcome (ok; refused: an isError answer saying how to fix the call; failed: on the server's side).",
      labelNames: ["tool", "outcome"],
      registers: [registry],
    }),
    recoveryRuns: new Counter({
      name: "code_buddy_recovery_runs_total",
      help: "Checks of GitHub's delivery log for missed deliveries, by outcome (ok, failed).",
      labelNames: ["outcome"],
      registers: [registry],
    }),
    countMcpSessions: (source) => {
      sessionSources.add(source);
      return () => sessionSources.delete(source);
    },
  };
}
