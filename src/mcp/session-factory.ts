import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { Logger } from "pino";
import type { Scope } from "../auth/scope.js";
import type { LettaConfig } from "../delivery/delivery-config.js";
import type { Db } from "../store/db.js";
import { createMcpServer } from "./create-server.js";
import type { StoredEventSource } from "./subscriptions.js";

export interface SessionDeps {
  db: Db;
  clock: () => Date;
  log: Logger;
  events: StoredEventSource;
  letta: LettaConfig;
}

/** Creates a session's server for a scope and connects it to the session's transport. */
export type OpenSession = (scope: Scope, transport: Transport) => Promise<McpServer>;

export function createSessionFactory({ db, clock, log, events, letta }: SessionDeps): OpenSession {
  return async (scope, transport) => {
    const server = createMcpServer({ db, scope, clock, log: log.child({ tokenName: scope.name }), letta }, { events });
    await server.connect(transport);
    return server;
  };
}
