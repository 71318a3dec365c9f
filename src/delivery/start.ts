import type { Logger } from "pino";
import type { EventBus } from "../events/event-bus.js";
import type { Db } from "../store/db.js";
import type { PushConfig } from "../config.js";
import type { Fetch } from "./http-post.js";
import { openWorkerSql } from "./open-worker-sql.js";
import { SubscriptionDirectory } from "./subscription-directory.js";
import { DeliveryWorker, type DeliveryObserver } from "./worker.js";

export interface DeliveryDeps {
  db: Db;
  /** The same database as `db`: on SQLite the worker opens a connection of its own to it. */
  databaseUrl: string;
  log: Logger;
  clock: () => Date;
  config: PushConfig;
  bus?: EventBus;
  fetch?: Fetch;
  random?: () => number;
  observe?: DeliveryObserver;
}

export interface DeliveryService {
  /** Routes stored events to the outbox: pass `directory.route` to createIngest. */
  directory: SubscriptionDirectory;
  stop(): Promise<void>;
}

/** Loads the subscriptions and starts sending the outbox; stop() before closing the database. */
export async function startDelivery(deps: DeliveryDeps): Promise<DeliveryService> {
  const { delivery, letta } = deps.config;
  const longest = Math.max(delivery.webhookTimeoutMs, letta.timeoutMs);
  if (delivery.leaseMs <= longest)
    throw new Error(
      `DELIVERY_LEASE_SECONDS (${delivery.leaseMs / 1000}) must be longer than DELIVERY_WEBHOOK_TIMEOUT_SECONDS and LETTA_TIMEOUT_SECONDS (${longest / 1000}), or a slow delivery is sent twice.`,
    );
  const directory = new SubscriptionDirectory(deps.db.prisma, deps.log);
  await directory.start();
  const sql = openWorkerSql(deps.databaseUrl, deps.log);
  const worker = new DeliveryWorker({ ...deps, sql, route: directory.route });
  worker.start();
  return {
    directory,
    stop: async () => {
      await worker.stop();
      await directory.stop();
      await sql.close();
    },
  };
}
