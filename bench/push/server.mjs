// The webhook path as serve() wires it with push delivery: GitHub's endpoint → ingest (event + outbox rows in
// one transaction) → the delivery worker, woken by the event bus. Args: <database url>; env WEBHOOK_SECRET.
import { Webhooks } from "@octokit/webhooks";
import { createServer } from "node:http";
import { pino } from "pino";
import { DEFAULT_RETRY_SCHEDULE, parseRetrySchedule } from "../../dist/config.js";
import { startDelivery } from "../../dist/delivery/start.js";
import { EventBus } from "../../dist/events/event-bus.js";
import { createIngest } from "../../dist/github/ingest.js";
import { createWebhookEndpoint } from "../../dist/github/webhook-endpoint.js";
import { openDb } from "../../dist/store/db.js";
import { scheduleSearchIndexing } from "../../dist/store/search-index.js";
import { announce } from "../servers/ready.mjs";

const [url] = process.argv.slice(2);
const log = pino({ level: "warn" }, pino.destination(2));
const clock = () => new Date();
const db = await openDb(url);
const bus = new EventBus((error) => log.error({ err: error }, "a listener of stored events failed"));

// The defaults the configuration gives (see the report's variables).
const config = {
  delivery: {
    retryScheduleMs: parseRetrySchedule(DEFAULT_RETRY_SCHEDULE),
    disableAfterMs: 5 * 86_400_000,
    webhookTimeoutMs: 15_000,
    leaseMs: 180_000,
    concurrencyPerSubscription: 4,
    pollIntervalMs: 1000,
  },
  letta: { baseUrl: "https://api.letta.com", apiKey: "", agentId: null, timeoutMs: 120_000, maxEventsPerMessage: 20 },
};
const delivery = await startDelivery({ db, databaseUrl: url, log, clock, config, bus });
const ingest = createIngest({ db, log, clock, bus, route: delivery.directory.route });
const endpoint = createWebhookEndpoint({ webhooks: new Webhooks({ secret: process.env.WEBHOOK_SECRET }), ingest, path: "/api/github/webhooks", maxBytes: 25 * 1024 * 1024, log });
const searchIndexing = scheduleSearchIndexing(db, log);

const server = createServer(async (req, res) => {
  if (!(await endpoint(req, res))) res.writeHead(404).end();
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));

announce(`http://127.0.0.1:${server.address().port}`, async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await delivery.stop();
  await searchIndexing.stop();
  await db.close();
});
