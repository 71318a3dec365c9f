import type { Logger } from "pino";
import type { ProbotOctokit } from "probot";
import type { Config } from "./config.js";
import { startDelivery, type DeliveryService } from "./delivery/start.js";
import { EventBus } from "./events/event-bus.js";
import { startPostgresAnnouncer, type Announcer } from "./events/postgres-announcer.js";
import { startBackfillWorker } from "./github/backfill/backfill-worker.js";
import { startPolling } from "./github/events-api/start-polling.js";
import { createIngest, type Ingest } from "./github/ingest.js";
import { scheduleRecovery } from "./github/recovery-schedule.js";
import { countRecoveries, observeDeliveries } from "./metrics/instrument.js";
import { createMetrics } from "./metrics/metrics.js";
import { startServer, type RunningServer } from "./server.js";
import { openDb } from "./store/db.js";
import { applyMigrations } from "./store/migrate.js";
import { scheduleRetention } from "./store/retention-schedule.js";
import { scheduleSearchIndexing } from "./store/search-index.js";

/**
 * The app's own bot never triggers a push, even to a subscription that
 * includes bots, so an agent acting through this app cannot wake itself.
 * GitHub names it after the app's slug, which only the API knows.
 */
async function knowOwnBot(appOctokit: ProbotOctokit, delivery: DeliveryService, log: Logger): Promise<void> {
  try {
    const { data } = await appOctokit.request("GET /app");
    if (data?.slug) delivery.directory.setOwnLogins([`${data.slug}[bot]`]);
  } catch (error) {
    log.warn({ err: error }, "could not read the app's slug from GitHub; its own bot's events are skipped only as bots (the default rules)");
  }
}

/** How soon a new installation's history starts to come in, and jobs other instances left are picked up. */
const BACKFILL_POLL_MS = 5000;

export interface Serving {
  url: string;
  stop(): Promise<void>;
}

/**
 * Migrates the database, then serves webhooks, MCP and the HTTP routes, pushes
 * to subscriptions, and prunes and recovers missed deliveries on schedule.
 */
export async function serve(config: Readonly<Config>, log: Logger): Promise<Serving> {
  const applied = await applyMigrations(config.databaseUrl);
  if (applied.length > 0) log.info({ migrations: applied }, "database migrated");
  const db = await openDb(config.databaseUrl);
  const clock = () => new Date();
  const bus = new EventBus((error) => log.error({ err: error }, "a listener of stored events failed"));
  // Every GitHub call is made under this signal: stopping aborts them, their retries' back-offs and rate-limit waits.
  const lifetime = new AbortController();
  const metrics = createMetrics(db.prisma);
  let announcer: Announcer | null = null;
  let delivery: DeliveryService;
  let server: RunningServer;
  let ingest: Ingest;
  try {
    // Instances sharing a PostgreSQL database hear of each other's events; a SQLite file has one server.
    if (db.provider === "postgres") announcer = await startPostgresAnnouncer({ databaseUrl: config.databaseUrl, db, bus, log });
    delivery = await startDelivery({ db, databaseUrl: config.databaseUrl, log, clock, config: config.push, bus, observe: observeDeliveries(metrics) });
  } catch (error) {
    await announcer?.stop();
    await db.close();
    throw error;
  }
  try {
    // Each delivery is routed to its subscriptions as it is ingested, and its outbox rows are committed with it.
    ingest = createIngest({ db, log, clock, bus, route: delivery.directory.route });
    server = await startServer(config, { db, log, clock, startedAt: clock(), bus, ingest, metrics, signal: lifetime.signal });
  } catch (error) {
    await delivery.stop();
    await announcer?.stop();
    await db.close();
    throw error;
  }
  // Without an app (polling users' events with a personal token) there is no app to ask, and no delivery log.
  const appOctokit = config.app === null ? null : await server.probot.auth();
  const ownBot = appOctokit === null ? Promise.resolve() : knowOwnBot(appOctokit, delivery, log);
  const searchIndexing = scheduleSearchIndexing(db, log);
  const retention = scheduleRetention({ prisma: db.prisma, policy: config.retention, intervalMinutes: config.retention.intervalMinutes, log, clock });
  // History is imported off the webhook path, and not pushed: subscriptions get news, not fourteen days at once. Without an app there are no installations to import.
  const backfill =
    config.app === null
      ? null
      : startBackfillWorker({
          prisma: db.prisma,
          ingest: createIngest({ db, log, clock, bus }),
          octokitFor: (installationId) => server.probot.auth(installationId),
          days: config.backfillDays,
          pollMs: BACKFILL_POLL_MS,
          clock,
          log,
          signal: lifetime.signal,
        });
  const recovery =
    appOctokit === null
      ? null
      : scheduleRecovery({
          octokit: appOctokit,
          prisma: db.prisma,
          intervalMinutes: config.recoveryIntervalMinutes,
          log,
          clock,
          onRun: countRecoveries(metrics),
          signal: lifetime.signal,
        });
  const poller =
    config.eventsApi === null
      ? null
      : await startPolling({
          config: config.eventsApi,
          github: config.github,
          probot: config.app === null ? null : server.probot,
          prisma: db.prisma,
          ingest,
          log,
          clock,
          signal: lifetime.signal,
        });
  log.info({ url: server.url, webhookPath: config.app === null ? null : config.webhookPath, database: db.provider }, "Code Buddy is listening");
  return {
    url: server.url,
    stop: async () => {
      lifetime.abort();
      await server.close();
      await delivery.stop();
      await recovery?.stop();
      await poller?.stopped;
      await backfill?.stop();
      await ownBot;
      await retention.stop();
      await searchIndexing.stop();
      await announcer?.stop();
      await db.close();
    },
  };
}
