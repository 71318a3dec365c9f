import type { McpServer, Transport } from "@modelcontextprotocol/server";
import type { Logger } from "pino";
import type { Scope } from "../auth/scope.js";
import type { LettaConfig } from "../config.js";
import type { Db } from "../store/db.js";
import type { McpContext } from "./context.js";
import { createMcpServer, type McpServerOptions } from "./create-server.js";
import type { StoredEventSource } from "./subscriptions.js";

export interface ScopedServersDeps {
  db: Db;
  clock: () => Date;
  log: Logger;
  /** Stored events, for live updates. */
  events: StoredEventSource;
  letta: LettaConfig;
  onToolCall?: McpContext["onToolCall"];
}

export interface ScopedServers {
  /** The stored events the servers' live updates come from. */
  readonly events: StoredEventSource;
  /** A server bound to `scope`, for one 2026-07-28 request or one connection of either era. */
  build(scope: Scope, options: McpServerOptions): McpServer;
  /** A 2025-era session's server (resources/subscribe), connected to the session's transport. */
  openSession(scope: Scope, transport: Transport): Promise<McpServer>;
}

/** Makes the MCP servers of every transport, each bound to the scope of the caller it serves. */
export function createScopedServers({ db, clock, log, events, letta, onToolCall }: ScopedServersDeps): ScopedServers {
  const build = (scope: Scope, options: McpServerOptions) =>
    createMcpServer({ db, scope, clock, events, log: log.child({ tokenName: scope.name }), letta, ...(onToolCall && { onToolCall }) }, options);
  return {
    events,
    build,
    openSession: async (scope, transport) => {
      const server = build(scope, { era: "legacy", updates: { kind: "subscribe", events } });
      await server.connect(transport);
      return server;
    },
  };
}
