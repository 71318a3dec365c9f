import type { Logger } from "pino";
import type { AppCredentials, Config } from "./config.js";
import { EventBus } from "./events/event-bus.js";
import { scheduleRecovery } from "./github/recovery-schedule.js";
import { startServer, type RunningServer } from "./server.js";
import { openDb } from "./store/db.js";
import { applyMigrations } from "./store/migrate.js";
import { scheduleRetention } from "./store/retention-schedule.js";
import { scheduleSearchIndexing } from "./store/search-index.js";

export interface Serving {
  url: string;
  stop(): Promise<void>;
}

/** Migrates the database, then serves webhooks and the HTTP routes, prunes and recovers missed deliveries on schedule. */
export async function serve(config: Readonly<Config> & { app: AppCredentials }, log: Logger): Promise<Serving> {
  const applied = await applyMigrations(config.databaseUrl);
  if (applied.length > 0) log.info({ migrations: applied }, "database migrated");
  const db = await openDb(config.databaseUrl);
  const clock = () => new Date();
  const bus = new EventBus((error) => log.error({ err: error }, "a listener of stored events failed"));
  let server: RunningServer;
  try {
    server = await startServer(config, { db, log, clock, startedAt: clock(), bus });
  } catch (error) {
    await db.close();
    throw error;
  }
  const searchIndexing = scheduleSearchIndexing(db, log);
  const retention = scheduleRetention({ prisma: db.prisma, policy: config.retention, intervalMinutes: config.retention.intervalMinutes, log, clock });
  const recovery = scheduleRecovery({ octokit: await server.probot.auth(), prisma: db.prisma, intervalMinutes: config.recoveryIntervalMinutes, log, clock });
  log.info({ url: server.url, webhookPath: config.webhookPath, database: db.provider }, "Code Buddy is listening");
  return {
    url: server.url,
    stop: async () => {
      await server.close();
      await recovery.stop();
      await retention.stop();
      await searchIndexing.stop();
      await db.close();
    },
  };
}
