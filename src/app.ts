import type { Logger } from "pino";
import type { ApplicationFunction } from "probot";
import type { Config } from "./config.js";
import type { EventBus } from "./events/event-bus.js";
import type { Ingest } from "./github/ingest.js";
import { createWebhookEndpoint } from "./github/webhook-endpoint.js";
import { healthRoute, statsRoute } from "./http/health-routes.js";
import type { Handler } from "./http/route.js";
import type { Db } from "./store/db.js";

export interface AppDeps {
  config: Pick<Config, "webhookPath" | "webhookMaxBytes">;
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
}

/** The Probot app: wiring only. Every verified delivery of every event type goes to ingest. */
export function codeBuddyApp(deps: AppDeps): ApplicationFunction {
  const { config, log, ingest, mcpHandlers } = deps;
  return (app, { addHandler }) => {
    addHandler(createWebhookEndpoint({ webhooks: app.webhooks, ingest, path: config.webhookPath, maxBytes: config.webhookMaxBytes, log }));
    for (const handler of mcpHandlers) addHandler(handler);
    addHandler(healthRoute(deps));
    addHandler(statsRoute(deps));
  };
}
