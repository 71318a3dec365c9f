import { pino, type Logger } from "pino";
import { DEFAULT_MCP_ALLOWED_ORIGINS, loadConfig, type ApiConfig, type Config, type McpConfig, type PushConfig } from "../../src/config.js";
import { EventBus } from "../../src/events/event-bus.js";
import { createIngest } from "../../src/github/ingest.js";
import { startServer, type RunningServer } from "../../src/server.js";
import type { Db } from "../../src/store/db.js";
import { createMetrics, type Metrics } from "../../src/metrics/metrics.js";
import type { OutboxRoute } from "../../src/store/events.js";
import { TEST_PRIVATE_KEY, TEST_SECRET } from "./webhooks.js";

export const silentLog = pino({ level: "silent" });

export interface TestServerOptions {
  db: Db;
  clock?: () => Date;
  bus?: EventBus;
  /** The subscriptions stored events go to (a DeliveryService's directory); none when absent. */
  route?: OutboxRoute;
  /** Shared with the delivery worker when a test reads its metrics; a fresh registry otherwise. */
  metrics?: Metrics;
  config?: Partial<Pick<Config, "webhookMaxBytes" | "webhookPath" | "metricsToken" | "github" | "oauth" | "port">> & {
    mcp?: Partial<McpConfig>;
    api?: Partial<ApiConfig>;
    push?: PushConfig;
  };
  /** Aborts the server's GitHub calls, as shutdown does. */
  signal?: AbortSignal;
  /** Where the server logs; silent unless a test reads the lines. */
  log?: Logger;
}

/** The real server on an ephemeral loopback port, as serve.ts wires it. */
export async function startTestServer({
  db,
  clock = () => new Date(),
  bus = new EventBus(),
  route,
  metrics = createMetrics(db.prisma),
  config = {},
  signal,
  log = silentLog,
}: TestServerOptions): Promise<RunningServer> {
  const { mcp, api, push, ...rest } = config;
  return startServer(
    {
      app: { appId: 123, privateKey: TEST_PRIVATE_KEY, webhookSecret: TEST_SECRET },
      webhookPath: "/api/github/webhooks",
      webhookMaxBytes: 25 * 1024 * 1024,
      port: 0,
      host: "127.0.0.1",
      mcp: { allowedOrigins: DEFAULT_MCP_ALLOWED_ORIGINS, sessionIdleMinutes: 30, maxSessions: 1000, keepAliveMs: 15_000, ...mcp },
      api: { keepAliveMs: 15_000, maxStreams: 1000, ...api },
      console: { sessionTtlMs: 3_600_000 },
      metricsToken: null,
      push: push ?? loadConfig({ LETTA_BASE_URL: "http://127.0.0.1:9", LETTA_AGENT_ID: "agent-test" }, { withApp: false }).push,
      github: loadConfig({}).github,
      oauth: null,
      oauthOff: null,
      ...rest,
    },
    { db, log, clock, startedAt: clock(), bus, metrics, ingest: createIngest({ db, log, clock, bus, ...(route && { route }) }), ...(signal && { signal }) },
  );
}
