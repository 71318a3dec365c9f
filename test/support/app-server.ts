import { pino } from "pino";
import type { Config } from "../../src/config.js";
import { startServer, type RunningServer } from "../../src/server.js";
import type { Db } from "../../src/store/db.js";
import { TEST_PRIVATE_KEY, TEST_SECRET } from "./webhooks.js";

export const silentLog = pino({ level: "silent" });

export interface TestServerOptions {
  db: Db;
  clock?: () => Date;
  config?: Partial<Pick<Config, "webhookMaxBytes" | "webhookPath">>;
}

/** The real server on an ephemeral loopback port, as main.ts wires it. */
export async function startTestServer({ db, clock = () => new Date(), config = {} }: TestServerOptions): Promise<RunningServer> {
  return startServer(
    {
      app: { appId: 123, privateKey: TEST_PRIVATE_KEY, webhookSecret: TEST_SECRET },
      webhookPath: "/api/github/webhooks",
      webhookMaxBytes: 25 * 1024 * 1024,
      port: 0,
      host: "127.0.0.1",
      ...config,
    },
    { db, log: silentLog, clock, startedAt: clock() },
  );
}
