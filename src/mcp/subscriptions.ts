import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { ErrorCode, McpError, SubscribeRequestSchema, UnsubscribeRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import type { Logger } from "pino";
import { scopeAllows, scopeColumnsOf, type Scope } from "../auth/scope.js";
import type { EventBus, StoredEvent } from "../events/event-bus.js";
import { resourceChangedBy } from "./resources/uris.js";

/** Where a session hears of stored events: the process's EventBus, or in stdio mode one fed by polling the store. */
export type StoredEventSource = Pick<EventBus, "subscribe">;

/** A session may watch this many resources at once. */
export const MAX_SUBSCRIPTIONS = 100;
const SCHEME = "codebuddy://";

export interface SubscriptionDeps {
  scope: Scope;
  events: StoredEventSource;
  log: Logger;
}

/**
 * Answers resources/subscribe and resources/unsubscribe for one session and
 * sends notifications/resources/updated for each stored event its scope
 * allows that changes a subscribed resource. The session listens to the
 * event source only while it has subscriptions. Returns the function that
 * drops them all (call it when the session closes).
 */
export function installSubscriptions(server: McpServer, { scope, events, log }: SubscriptionDeps): () => void {
  const uris = new Set<string>();
  let stopListening: (() => void) | null = null;

  const notify = (stored: StoredEvent) => {
    if (!scopeAllows(scope, scopeColumnsOf(stored.event))) return;
    for (const uri of uris) {
      if (!resourceChangedBy(uri, stored)) continue;
      server.server.sendResourceUpdated({ uri }).catch((error: unknown) => log.debug({ err: error, uri }, "resource update not delivered"));
    }
  };
  const stop = () => {
    stopListening?.();
    stopListening = null;
  };

  server.server.setRequestHandler(SubscribeRequestSchema, async ({ params: { uri } }) => {
    if (!uri.startsWith(SCHEME)) throw new McpError(ErrorCode.InvalidParams, `Code Buddy serves ${SCHEME} resources only; see resources/list and resources/templates/list for the ones to subscribe to.`);
    if (!uris.has(uri) && uris.size >= MAX_SUBSCRIPTIONS)
      throw new McpError(ErrorCode.InvalidParams, `This session already watches ${MAX_SUBSCRIPTIONS} resources; unsubscribe from one first.`);
    uris.add(uri);
    stopListening ??= events.subscribe(notify);
    return {};
  });
  server.server.setRequestHandler(UnsubscribeRequestSchema, async ({ params: { uri } }) => {
    uris.delete(uri);
    if (uris.size === 0) stop();
    return {};
  });
  return () => {
    uris.clear();
    stop();
  };
}
