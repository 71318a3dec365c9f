import { scopeAllows, scopeColumnsOf, type Scope } from "../../auth/scope.js";
import type { StoredEvent } from "../../events/event-bus.js";

export interface StreamFilter {
  eventType?: string | undefined;
  action?: string | undefined;
  repository?: string | undefined;
  actor?: string | undefined;
}

const same = (a: string | null | undefined, b: string) => a !== null && a !== undefined && a.toLowerCase() === b.toLowerCase();

/**
 * Whether a stream with this scope and these filters carries a stored
 * event: the scope rule the query layer's SQL applies to lists (auth/scope.ts),
 * here for events in memory, live or read back on resume.
 */
export function streamCarries(scope: Scope, filter: StreamFilter, { event }: StoredEvent): boolean {
  if (!scopeAllows(scope, scopeColumnsOf(event))) return false;
  const repository = event.repository?.full_name ?? null;
  if (filter.eventType !== undefined && event.event_type !== filter.eventType) return false;
  if (filter.action !== undefined && event.action !== filter.action) return false;
  if (filter.repository !== undefined && !same(repository, filter.repository)) return false;
  if (filter.actor !== undefined && !same(event.sender?.login, filter.actor.replace(/^@/, ""))) return false;
  return true;
}
