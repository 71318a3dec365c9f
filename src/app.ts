import type { Logger } from "pino";
import type { ApplicationFunction } from "probot";
import type { Config } from "./config.js";
import { createIngest } from "./github/ingest.js";
import { createWebhookEndpoint } from "./github/webhook-endpoint.js";
import { healthRoute, statsRoute } from "./http/health-routes.js";
import type { Db } from "./store/db.js";

export interface AppDeps {
  config: Pick<Config, "webhookPath" | "webhookMaxBytes">;
  db: Db;
  log: Logger;
  clock: () => Date;
  startedAt: Date;
}

/** The Probot app: wiring only. Every verified delivery of every event type goes to ingest. */
export function codeBuddyApp(deps: AppDeps): ApplicationFunction {
  const { config, db, log, clock } = deps;
  const ingest = createIngest({ db, log, clock });
  return (app, { addHandler }) => {
    addHandler(createWebhookEndpoint({ webhooks: app.webhooks, ingest, path: config.webhookPath, maxBytes: config.webhookMaxBytes, log }));
    addHandler(healthRoute(deps));
    addHandler(statsRoute(deps));
  };
}
