import type { EmitterWebhookEvent, EmitterWebhookEventName } from "@octokit/webhooks";

/** A repository as agents see it. */
export interface EventRepository {
  id: number;
  name: string;
  full_name: string;
  private: boolean;
  url: string;
}

export interface EventActor {
  login: string;
  id: number;
  type: string;
}

export interface EventOrganization {
  login: string;
  id: number;
}

/** What the event is about: an issue, a pull request, a release, a workflow run… */
export interface EventSubject {
  type: string;
  number: number | null;
  title: string | null;
  state: string | null;
  url: string | null;
}

/** Where an event came from: a webhook delivery, a poll of the Events API, or an import of history. */
export type EventSource = "webhook" | "events-api" | "backfill";

/** The one event shape agents read (snake_case, like GitHub's payloads). */
export interface NormalizedEvent {
  delivery_id: string;
  source: EventSource;
  event_type: string;
  action: string | null;
  timestamp: string;
  installation_id: number | null;
  repository: EventRepository | null;
  sender: EventActor | null;
  organization: EventOrganization | null;
  subject: EventSubject | null;
  summary: string;
  details: Record<string, unknown>;
  mentions: string[];
}

/** What one event family contributes on top of the fields every payload shares. */
export interface FamilyResult {
  subject: EventSubject | null;
  /** The line a human would write, without the "in owner/repo" suffix (added by the dispatcher). */
  summary: string;
  details: Record<string, unknown>;
  /** Full human-written texts (titles, bodies, comments, commit messages): searched and scanned for @mentions, never stored whole in `details`. */
  texts: string[];
  /** True when the summary already names the repository or organization, so the dispatcher adds no " in …" suffix. */
  namesPlace?: boolean;
}

/** Event names without an action suffix: "pull_request", not "pull_request.opened". */
export type KnownEventName = Exclude<EmitterWebhookEventName, `${string}.${string}`>;
export type PayloadOf<E extends KnownEventName> = EmitterWebhookEvent<E>["payload"];

/** A pure function from one family's payload to its part of the normalized event. */
export type FamilyNormalizer<E extends KnownEventName> = (payload: PayloadOf<E>, actor: string) => FamilyResult;

/** One normalizer per event name; a family module provides the entries for its events. */
export type FamilyNormalizers = { [E in KnownEventName]: FamilyNormalizer<E> };

/** What the store keeps besides the event: the text indexed for full-text search. */
export interface Normalized {
  event: NormalizedEvent;
  searchText: string;
}
