import type { StoredEvent } from "../../events/event-bus.js";
import { threadNumberOf } from "../../store/events.js";

/** The resources Code Buddy serves; templates use RFC 6570 syntax, as MCP resource templates do. */
export const RESOURCE_URIS = {
  recentEvents: "codebuddy://events/recent",
  event: "codebuddy://events/{delivery_id}",
  repositoryEvents: "codebuddy://repos/{owner}/{repo}/events",
  thread: "codebuddy://repos/{owner}/{repo}/threads/{number}",
} as const;

const REPOSITORY_EVENTS = /^codebuddy:\/\/repos\/([^/]+)\/([^/]+)\/events$/;
const THREAD = /^codebuddy:\/\/repos\/([^/]+)\/([^/]+)\/threads\/(\d+)$/;

function sameRepository(stored: StoredEvent, owner: string, repo: string): boolean {
  return stored.event.repository?.full_name.toLowerCase() === `${decodeURIComponent(owner)}/${decodeURIComponent(repo)}`.toLowerCase();
}

/**
 * Whether a newly stored event changes what the resource at `uri` reads, so a
 * subscriber must be told. (The caller checks the subscriber's scope.) One
 * event's resource never changes once stored.
 */
export function resourceChangedBy(uri: string, stored: StoredEvent): boolean {
  if (uri === RESOURCE_URIS.recentEvents) return true;
  const repository = REPOSITORY_EVENTS.exec(uri);
  if (repository) return sameRepository(stored, repository[1]!, repository[2]!);
  const thread = THREAD.exec(uri);
  if (thread) return sameRepository(stored, thread[1]!, thread[2]!) && threadNumberOf(stored.event) === Number(thread[3]);
  return false;
}

/** The resources a newly stored event changes, under the URIs their templates give them (repositories as GitHub spells them). */
export function resourcesChangedBy(stored: StoredEvent): string[] {
  const uris: string[] = [RESOURCE_URIS.recentEvents];
  const repository = stored.event.repository?.full_name;
  if (repository === undefined) return uris;
  uris.push(RESOURCE_URIS.repositoryEvents.replace("{owner}/{repo}", repository));
  const number = threadNumberOf(stored.event);
  if (number !== null) uris.push(RESOURCE_URIS.thread.replace("{owner}/{repo}", repository).replace("{number}", String(number)));
  return uris;
}
