import type { Scope } from "../auth/scope.js";
import type { NormalizedEvent } from "../normalize/types.js";
import type { Db } from "../store/db.js";
import { recentEvents } from "./recent-events.js";
import type { EventFilter } from "./types.js";

export interface WaitingPullRequest {
  repository: string;
  number: number;
  title: string | null;
  url: string | null;
  author: string | null;
  requested_reviewers: string[];
  last_review: string | null;
  /** When it last became ready for review: opened, marked ready, new commits or a review request. */
  waiting_since: string;
}

/** The events read per type at the most: a review queue is about recent, open work. */
const MAX_EVENTS_PER_TYPE = 2000;
const PAGE = 100;
const READY_ACTIONS = new Set(["opened", "reopened", "ready_for_review", "synchronize", "review_requested"]);

interface PullRequestState extends WaitingPullRequest {
  open: boolean;
  draft: boolean;
}

async function collect(db: Db, scope: Scope, filter: EventFilter): Promise<NormalizedEvent[]> {
  const events: NormalizedEvent[] = [];
  let cursor: string | undefined;
  do {
    const page = await recentEvents(db, scope, filter, { limit: PAGE, ...(cursor && { cursor }) });
    events.push(...page.events.map((record) => record.event));
    cursor = page.nextCursor ?? undefined;
  } while (cursor && events.length < MAX_EVENTS_PER_TYPE);
  return events;
}

function strings(value: unknown): string[] | undefined {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : undefined;
}

function apply(state: PullRequestState | undefined, event: NormalizedEvent): PullRequestState | undefined {
  const { subject, details, repository } = event;
  if (!subject?.number || !repository) return state;
  const next: PullRequestState = state ?? {
    repository: repository.full_name,
    number: subject.number,
    title: subject.title,
    url: subject.url,
    author: typeof details.author === "string" ? details.author : null,
    requested_reviewers: [],
    last_review: null,
    waiting_since: event.timestamp,
    open: true,
    draft: false,
  };
  next.title = subject.title ?? next.title;
  next.open = subject.state === "open";
  if (typeof details.draft === "boolean") next.draft = details.draft;
  next.requested_reviewers = strings(details.requested_reviewers) ?? next.requested_reviewers;
  if (event.event_type === "pull_request_review" && event.action === "submitted" && typeof details.review_state === "string") next.last_review = details.review_state;
  if (event.event_type === "pull_request" && READY_ACTIONS.has(event.action ?? "")) {
    next.waiting_since = event.timestamp;
    if (event.action === "synchronize") next.last_review = null;
  }
  return next;
}

/**
 * Open, non-draft pull requests whose latest review is not an approval (new
 * commits reset it), oldest wait first, as far as the stored events since
 * `since` tell. Built from the events themselves: Code Buddy makes no GitHub
 * API call to answer.
 */
export async function reviewQueue(db: Db, scope: Scope, { since, repository }: { since: Date; repository?: string }): Promise<WaitingPullRequest[]> {
  const filter: EventFilter = { since, ...(repository && { repository }) };
  const [pullRequests, reviews] = await Promise.all([
    collect(db, scope, { ...filter, eventType: "pull_request" }),
    collect(db, scope, { ...filter, eventType: "pull_request_review" }),
  ]);
  const byPullRequest = new Map<string, PullRequestState>();
  const oldestFirst = [...pullRequests, ...reviews].sort((a, b) => a.timestamp.localeCompare(b.timestamp));
  for (const event of oldestFirst) {
    const key = `${event.repository?.full_name}#${event.subject?.number}`;
    const state = apply(byPullRequest.get(key), event);
    if (state) byPullRequest.set(key, state);
  }
  return [...byPullRequest.values()]
    .filter((state) => state.open && !state.draft && state.last_review !== "approved")
    .sort((a, b) => a.waiting_since.localeCompare(b.waiting_since))
    .map(({ open: _open, draft: _draft, ...waiting }) => waiting);
}
