import { InMemoryServerEventBus, type ServerEventBus } from "@modelcontextprotocol/server";
import type { Scope } from "../../auth/scope.js";
import { watchResources, type StoredEventSource } from "../subscriptions.js";

/**
 * The change-event bus of ONE subscriptions/listen stream: each stored event
 * the caller's scope allows becomes a resource_updated event for each of the
 * stream's requested `uris` it changes. (The SDK's listen router, which
 * subscribes to it, does the acknowledgement, subscription ids and
 * keep-alives.) One bus per stream because what a stream may hear of depends
 * on its caller's token, which a shared bus cannot know.
 */
export function scopedResourceBus(scope: Scope, uris: readonly string[], events: StoredEventSource): ServerEventBus {
  const own = new InMemoryServerEventBus();
  return {
    publish: (event) => own.publish(event),
    subscribe: (listener) => {
      const unsubscribe = own.subscribe(listener);
      const stopWatching = watchResources(
        { scope, events },
        () => uris,
        (uri) => listener({ kind: "resource_updated", uri }),
      );
      return () => {
        unsubscribe();
        stopWatching();
      };
    },
  };
}
