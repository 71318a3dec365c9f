import { ProtocolError, ProtocolErrorCode, type McpServer } from "@modelcontextprotocol/server";
import type { Logger } from "pino";
import { scopeAllows, scopeColumnsOf, type Scope } from "../auth/scope.js";
import type { EventBus } from "../events/event-bus.js";
import { resourceChangedBy, resourcesChangedBy } from "./resources/uris.js";

/** Where a server hears of stored events: the process's EventBus, or in stdio mode one fed by polling the store. */
export type StoredEventSource = Pick<EventBus, "subscribe">;

/** A client may watch this many resources at once. */
export const MAX_SUBSCRIPTIONS = 100;
const SCHEME = "codebuddy://";

/**
 * Why a set of resource URIs cannot be watched, or null when it can: only
 * Code Buddy's own resources, and at most MAX_SUBSCRIPTIONS of them.
 */
export function subscriptionRefusal(uris: readonly string[]): string | null {
  const foreign = uris.find((uri) => !uri.startsWith(SCHEME));
  if (foreign !== undefined) return `Code Buddy serves ${SCHEME} resources only (not ${foreign}); see resources/list and resources/templates/list for the ones to watch.`;
  if (new Set(uris).size > MAX_SUBSCRIPTIONS) return `At most ${MAX_SUBSCRIPTIONS} resources can be watched at once; unsubscribe from some first.`;
  return null;
}

export interface SubscriptionDeps {
  scope: Scope;
  events: StoredEventSource;
  log: Logger;
}

/**
 * Calls `changed(uri)` for each stored event `scope` allows, for each of
 * `uris` that the event changes; returns the function that stops listening.
 */
export function watchResources({ scope, events }: Omit<SubscriptionDeps, "log">, uris: () => Iterable<string>, changed: (uri: string) => void): () => void {
  return events.subscribe((stored) => {
    if (!scopeAllows(scope, scopeColumnsOf(stored.event))) return;
    for (const uri of uris()) if (resourceChangedBy(uri, stored)) changed(uri);
  });
}

/**
 * The 2025-era way: answers resources/subscribe and resources/unsubscribe for
 * one session and sends notifications/resources/updated for each stored
 * event its scope allows that changes a subscribed resource. The session
 * listens to the event source only while it has subscriptions. Returns the
 * function that drops them all (call it when the session closes).
 */
export function installResourceSubscriptions(server: McpServer, { scope, events, log }: SubscriptionDeps): () => void {
  const uris = new Set<string>();
  let stopListening: (() => void) | null = null;
  const notify = (uri: string): void => void server.server.sendResourceUpdated({ uri }).catch((error: unknown) => log.debug({ err: error, uri }, "resource update not delivered"));
  const stop = () => {
    stopListening?.();
    stopListening = null;
  };

  server.server.setRequestHandler("resources/subscribe", async ({ params: { uri } }) => {
    const refusal = subscriptionRefusal([...uris, uri]);
    if (refusal !== null) throw new ProtocolError(ProtocolErrorCode.InvalidParams, refusal);
    uris.add(uri);
    stopListening ??= watchResources({ scope, events }, () => uris, notify);
    return {};
  });
  server.server.setRequestHandler("resources/unsubscribe", async ({ params: { uri } }) => {
    uris.delete(uri);
    if (uris.size === 0) stop();
    return {};
  });
  return () => {
    uris.clear();
    stop();
  };
}

/**
 * For a connection whose serving entry filters notifications itself (stdio
 * on 2026-07-28, where serveStdio routes them to the client's
 * subscriptions/listen streams): announces, for every stored event the scope
 * allows, each resource it changes, under the URIs Code Buddy names them by.
 */
export function announceResourceChanges(server: McpServer, { scope, events, log }: SubscriptionDeps): () => void {
  return events.subscribe((stored) => {
    if (!scopeAllows(scope, scopeColumnsOf(stored.event))) return;
    for (const uri of resourcesChangedBy(stored))
      server.server.sendResourceUpdated({ uri }).catch((error: unknown) => log.debug({ err: error, uri }, "resource update not delivered"));
  });
}
