import { pino } from "pino";
import { DEFAULT_MCP_ALLOWED_ORIGINS, loadConfig, type Config, type McpConfig } from "../../src/config.js";
import { EventBus } from "../../src/events/event-bus.js";
import { createIngest } from "../../src/github/ingest.js";
import { startServer, type RunningServer } from "../../src/server.js";
import type { Db } from "../../src/store/db.js";
import { TEST_PRIVATE_KEY, TEST_SECRET } from "./webhooks.js";

export const silentLog = pino({ level: "silent" });

export interface TestServerOptions {
  db: Db;
  clock?: () => Date;
  bus?: EventBus;
  config?: Partial<Pick<Config, "webhookMaxBytes" | "webhookPath" | "github" | "oauth" | "port">> & { mcp?: Partial<McpConfig> };
  /** Aborts the server's GitHub calls, as shutdown does. */
  signal?: AbortSignal;
}

/** The real server on an ephemeral loopback port, as serve.ts wires it (without push delivery). */
export async function startTestServer({ db, clock = () => new Date(), bus = new EventBus(), config = {}, signal }: TestServerOptions): Promise<RunningServer> {
  const { mcp, ...rest } = config;
  return startServer(
    {
      app: { appId: 123, privateKey: TEST_PRIVATE_KEY, webhookSecret: TEST_SECRET },
      webhookPath: "/api/github/webhooks",
      webhookMaxBytes: 25 * 1024 * 1024,
      port: 0,
      host: "127.0.0.1",
      mcp: { allowedOrigins: DEFAULT_MCP_ALLOWED_ORIGINS, sessionIdleMinutes: 30, maxSessions: 1000, keepAliveMs: 15_000, ...mcp },
      letta: loadConfig({ LETTA_BASE_URL: "http://127.0.0.1:9", LETTA_AGENT_ID: "agent-test" }, { withApp: false }).push.letta,
      github: loadConfig({}).github,
      oauth: null,
      oauthOff: null,
      ...rest,
    },
    { db, log: silentLog, clock, startedAt: clock(), bus, ingest: createIngest({ db, log: silentLog, clock, bus }), ...(signal && { signal }) },
  );
}
