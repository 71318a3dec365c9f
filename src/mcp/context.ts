import type { Logger } from "pino";
import type { Scope } from "../auth/scope.js";
import type { LettaConfig } from "../config.js";
import type { Db } from "../store/db.js";
import type { StoredEventSource } from "./subscriptions.js";

/** How a tool call ended: answered, refused with a fix the agent can make (isError), or failed on the server's side. */
export type ToolOutcome = "ok" | "refused" | "failed";

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
  /** Told of every tool call's outcome (the server's metrics); absent where nothing counts them (stdio). */
  onToolCall?: (tool: string, outcome: ToolOutcome) => void;
}
