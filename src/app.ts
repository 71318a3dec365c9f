import type { Logger } from "pino";
import type { ApplicationFunction } from "probot";
import type { Config } from "./config.js";
import type { EventBus } from "./events/event-bus.js";
import type { Ingest } from "./github/ingest.js";
import { createWebhookEndpoint } from "./github/webhook-endpoint.js";
import { healthRoute, statsRoute } from "./http/health-routes.js";
import type { Handler } from "./http/route.js";
import { countWebhooks, timeIngest } from "./metrics/instrument.js";
import type { Metrics } from "./metrics/metrics.js";
import type { Db } from "./store/db.js";

export interface AppDeps {
  /** Without an app (polling with a personal token only) there is no webhook secret, so no webhook endpoint. */
  config: Pick<Config, "webhookPath" | "webhookMaxBytes" | "app">;
  db: Db;
  log: Logger;
  clock: () => Date;
  startedAt: Date;
  /** Told of every stored event: MCP subscriptions listen to it. */
  bus: EventBus;
  /** Stores each verified delivery (with its outbox rows when push delivery runs: see serve.ts). */
  ingest: Ingest;
  /** The MCP endpoints; their sessions outlive requests, so the server that closes them creates them. */
  mcpHandlers: readonly Handler[];
  /** The operator's surfaces: the REST API and its stream, the web console, /metrics. */
  consoleHandlers: readonly Handler[];
  metrics: Metrics;
}

/** The Probot app: wiring only. Every verified delivery of every event type goes to ingest. */
export function codeBuddyApp(deps: AppDeps): ApplicationFunction {
  const { config, log, mcpHandlers, consoleHandlers, metrics } = deps;
  const ingest = timeIngest(deps.ingest, metrics);
  return (app, { addHandler }) => {
    if (config.app !== null) {
      const webhooks = createWebhookEndpoint({ webhooks: app.webhooks, ingest, path: config.webhookPath, maxBytes: config.webhookMaxBytes, log });
      addHandler(countWebhooks(webhooks, config.webhookPath, metrics));
    }
    for (const handler of mcpHandlers) addHandler(handler);
    addHandler(healthRoute(deps));
    addHandler(statsRoute(deps));
    for (const handler of consoleHandlers) addHandler(handler);
  };
}
