import type { Logger } from "pino";
import type { ApplicationFunction } from "probot";
import type { Config } from "./config.js";
import type { EventBus } from "./events/event-bus.js";
import { createIngest } from "./github/ingest.js";
import { createWebhookEndpoint } from "./github/webhook-endpoint.js";
import { healthRoute, statsRoute } from "./http/health-routes.js";
import type { Handler } from "./http/route.js";
import type { Db } from "./store/db.js";
import type { OutboxRoute } from "./store/event-writer.js";

export interface AppDeps {
  config: Pick<Config, "webhookPath" | "webhookMaxBytes">;
  db: Db;
  log: Logger;
  clock: () => Date;
  startedAt: Date;
  /** Told of every stored event: MCP subscriptions listen to it. */
  bus: EventBus;
  /** The MCP endpoints; their sessions outlive requests, so the server that closes them creates them. */
  mcpHandlers: readonly Handler[];
  /** The subscriptions each event is pushed to (src/delivery); none when absent. */
  route?: OutboxRoute;
}

/** The Probot app: wiring only. Every verified delivery of every event type goes to ingest. */
export function codeBuddyApp(deps: AppDeps): ApplicationFunction {
  const { config, db, log, clock, bus, mcpHandlers, route } = deps;
  const ingest = createIngest({ db, log, clock, bus, ...(route && { route }) });
  return (app, { addHandler }) => {
    addHandler(createWebhookEndpoint({ webhooks: app.webhooks, ingest, path: config.webhookPath, maxBytes: config.webhookMaxBytes, log }));
    for (const handler of mcpHandlers) addHandler(handler);
    addHandler(healthRoute(deps));
    addHandler(statsRoute(deps));
  };
}
