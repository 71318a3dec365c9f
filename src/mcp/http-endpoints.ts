import type { Logger } from "pino";
import type { PrincipalStates } from "../auth/principal.js";
import { createOriginCheck } from "../auth/origin.js";
import type { LettaConfig, McpConfig } from "../config.js";
import type { Handler } from "../http/route.js";
import type { Db } from "../store/db.js";
import type { McpContext } from "./context.js";
import { createScopedServers } from "./scoped-servers.js";
import type { StoredEventSource } from "./subscriptions.js";
import type { HttpSession } from "./transports/http-session.js";
import { createLegacySessions } from "./transports/legacy-sessions.js";
import { createModernHttp } from "./transports/modern-http.js";
import { SessionRegistry } from "./transports/session-registry.js";
import { createSseEndpoints } from "./transports/sse.js";
import type { Guard } from "./transports/mcp-route.js";
import { createStreamableHttpEndpoint } from "./transports/streamable-http.js";

export const MCP_PATH = "/mcp";
export const SSE_PATH = "/sse";
export const SSE_MESSAGES_PATH = "/messages";

export interface McpHttpDeps {
  config: McpConfig;
  db: Db;
  events: StoredEventSource;
  clock: () => Date;
  log: Logger;
  letta: LettaConfig;
  /** Who is asking (cb_ tokens, and OAuth tokens when Sign in with GitHub is on), and whether their sessions may go on. */
  auth: { guard: Guard; principalStates: PrincipalStates };
  onToolCall?: McpContext["onToolCall"];
}

export interface McpHttp {
  /** /mcp (Streamable HTTP, every revision), /sse and /messages (legacy HTTP+SSE), for the app to mount with addHandler. */
  handlers: Handler[];
  /** The sessions and listen streams open now, by kind ("streamable", "sse", "listen"). */
  openSessions: () => ReadonlyMap<string, number>;
  /** Ends every session and stream and stops the sweeps. */
  close(): Promise<void>;
}

/** A sweep at least once a minute: sessions and streams of revoked tokens end within a minute. */
const MAX_SWEEP_INTERVAL_MS = 60_000;

/** The MCP endpoints of the HTTP server and the sessions and streams they hold, outliving any one request. */
export function createMcpHttp({ config, db, events, clock, log, letta, auth: { guard, principalStates }, onToolCall }: McpHttpDeps): McpHttp {
  const mcpLog = log.child({ name: "mcp" });
  const checkOrigin = createOriginCheck(config.allowedOrigins);
  const idleMs = config.sessionIdleMinutes * 60_000;
  const sessions = new SessionRegistry<HttpSession>({
    idleMs,
    maxSessions: config.maxSessions,
    clock,
    principalStates,
    log: mcpLog,
  });
  const servers = createScopedServers({ db, clock, log: mcpLog, events, letta, ...(onToolCall && { onToolCall }) });
  const modern = createModernHttp({ servers, sessions, keepAliveMs: config.keepAliveMs, log: mcpLog });
  const legacy = createLegacySessions({ path: MCP_PATH, sessions, servers });
  const sweeps = setInterval(() => void sessions.sweep(), Math.min(idleMs, MAX_SWEEP_INTERVAL_MS));
  sweeps.unref();
  return {
    handlers: [
      createStreamableHttpEndpoint({ path: MCP_PATH, guard, checkOrigin, legacy, modern }),
      ...createSseEndpoints({ ssePath: SSE_PATH, messagesPath: SSE_MESSAGES_PATH, guard, checkOrigin, sessions, servers }),
    ],
    openSessions: () => sessions.countBy((session) => session.kind),
    close: async () => {
      clearInterval(sweeps);
      await sessions.closeAll();
      await modern.close();
    },
  };
}
