// The real app, wired as test/support/app-server.ts does, on a fresh SQLite file.
import { pino } from "pino";
import { loadConfig } from "../../dist/config.js";
import { EventBus } from "../../dist/events/event-bus.js";
import { createIngest } from "../../dist/github/ingest.js";
import { createMetrics } from "../../dist/metrics/metrics.js";
import { startServer } from "../../dist/server.js";
import { openDb } from "../../dist/store/db.js";
import { applyMigrations } from "../../dist/store/migrate.js";
import { scheduleSearchIndexing } from "../../dist/store/search-index.js";
import { announce } from "./ready.mjs";

const [dbPath] = process.argv.slice(2);
const url = `file:${dbPath}`;

await applyMigrations(url);
const db = await openDb(url);
const log = pino({ level: "warn" }, pino.destination(2));
const startedAt = new Date();
const clock = () => new Date();
const bus = new EventBus();
// LETTA_AGENT_ID (bench:agent) offers send_message_to_letta, as a deployment with Letta configured does.
const defaults = loadConfig(process.env.LETTA_AGENT_ID ? { LETTA_AGENT_ID: process.env.LETTA_AGENT_ID } : {}, { withApp: false });

const server = await startServer(
  {
    app: { appId: 123, privateKey: process.env.APP_PRIVATE_KEY, webhookSecret: process.env.WEBHOOK_SECRET },
    webhookPath: "/api/github/webhooks",
    webhookMaxBytes: 25 * 1024 * 1024,
    port: 0,
    host: "127.0.0.1",
    mcp: defaults.mcp,
    api: defaults.api,
    console: defaults.console,
    metricsToken: null,
    push: defaults.push,
    github: defaults.github,
    oauth: null,
    oauthOff: null,
  },
  { db, log, clock, startedAt, bus, ingest: createIngest({ db, log, clock, bus }), metrics: createMetrics(db.prisma) },
);

// As serve() does: the full-text index catches up every second, off the webhook path.
const searchIndexing = scheduleSearchIndexing(db, log);

announce(server.url, async () => {
  await server.close();
  await searchIndexing.stop();
  await db.close();
});
