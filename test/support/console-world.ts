import { createToken } from "../../src/auth/tokens.js";
import type { PushConfig } from "../../src/config.js";
import { generateWebhookSecret } from "../../src/delivery/signing.js";
import { startDelivery, type DeliveryService } from "../../src/delivery/start.js";
import { EventBus } from "../../src/events/event-bus.js";
import type { RunningServer } from "../../src/server.js";
import { observeDeliveries } from "../../src/metrics/instrument.js";
import { createMetrics } from "../../src/metrics/metrics.js";
import type { Db } from "../../src/store/db.js";
import { silentLog, startTestServer, type TestServerOptions } from "./app-server.js";
import type { TestDatabase } from "./databases.js";
import { WebhookReceiver, type Responder } from "./delivery-receiver.js";
import { fastConfig, payloadOf, type EventSpec } from "./delivery-world.js";
import { deliver } from "./webhooks.js";

export interface ConsoleWorld {
  url: string;
  db: Db;
  databaseUrl: string;
  server: RunningServer;
  delivery: DeliveryService;
  /** A webhook receiver on loopback; its secret is `receiverSecret`. */
  receiver: WebhookReceiver;
  receiverSecret: string;
  push: PushConfig;
  /** cb_ tokens: `octo` reads octo-org/* (public only), `other` other-org/* (private too), `admin` everything and may manage. */
  tokens: { octo: string; other: string; admin: string };
  /** POSTs a signed webhook built from GitHub's examples (then `edit`ed), as GitHub would; returns its delivery id. */
  webhook(spec: EventSpec, edit?: (payload: Record<string, any>) => void): Promise<string>;
  stop(): Promise<void>;
}

/**
 * The real server with the delivery worker, as serve() wires them, on a
 * fresh database: what the REST API, the console and /metrics are tested on.
 */
export async function startConsoleWorld(database: TestDatabase, { respond, config }: { respond?: Responder; config?: TestServerOptions["config"] } = {}): Promise<ConsoleWorld> {
  const { db, url: databaseUrl, drop } = await database.create();
  const bus = new EventBus();
  const push = fastConfig({ delivery: { retryScheduleMs: [] } });
  const receiverSecret = generateWebhookSecret();
  const receiver = await WebhookReceiver.start(receiverSecret, respond);
  const metrics = createMetrics(db.prisma);
  const delivery = await startDelivery({ db, databaseUrl, log: silentLog, clock: () => new Date(), config: push, bus, observe: observeDeliveries(metrics) });
  const server = await startTestServer({ db, bus, route: delivery.directory.route.bind(delivery.directory), metrics, config: { push, ...config } });
  const tokens = {
    octo: (await createToken(db.prisma, { name: "octo-reader", repositories: ["octo-org/*"], allowPrivate: false })).token,
    other: (await createToken(db.prisma, { name: "other-reader", repositories: ["other-org/*"], allowPrivate: true })).token,
    admin: (await createToken(db.prisma, { name: "operator", repositories: ["*"], allowPrivate: true, admin: true })).token,
  };
  return {
    url: server.url,
    db,
    databaseUrl,
    server,
    delivery,
    receiver,
    receiverSecret,
    push,
    tokens,
    webhook: async (spec, edit) => {
      const payload = payloadOf(spec);
      edit?.(payload);
      const answer = await deliver(server.url, { name: spec.name, payload });
      if (answer.status !== 200) throw new Error(`webhook ${spec.name} answered ${answer.status}: ${JSON.stringify(answer.json)}`);
      return answer.id;
    },
    stop: async () => {
      await server.close();
      await delivery.stop();
      await receiver.close();
      await drop();
    },
  };
}
