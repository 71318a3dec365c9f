import type { Logger } from "pino";
import type { Scope } from "../auth/scope.js";
import type { LettaConfig } from "../delivery/delivery-config.js";
import type { Db } from "../store/db.js";
import type { StoredEventSource } from "./subscriptions.js";

/** What every tool, resource and prompt of one MCP session works with. */
export interface McpContext {
  db: Db;
  /** The caller's token scope: applied to everything the session reads and is notified of. */
  scope: Scope;
  clock: () => Date;
  /** Stored events as they are committed, on any instance: what wait_for_events waits on. */
  events: StoredEventSource;
  log: Logger;
  /** The Letta server send_message_to_letta talks to. */
  letta: LettaConfig;
}
