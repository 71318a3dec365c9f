import type { Principal } from "../../auth/principal.js";
import type { EventRecord } from "../../query/types.js";
import { html, type Html } from "../html.js";
import { layout } from "../layout.js";
import { eventItem } from "./event-item.js";

export interface FeedFilters {
  event_type?: string;
  repository?: string;
  actor?: string;
}

export interface FeedPage {
  principal: Principal;
  filters: FeedFilters;
  events: EventRecord[];
  /** The stream resumes from here: nothing stored after the list was read is missed. */
  after: number;
  error: string | null;
}

function streamUrl(filters: FeedFilters, after: number): string {
  const query = new URLSearchParams({ ...filters, after: String(after) });
  return `/api/v1/events/stream?${query}`;
}

/** Live feed: the latest events, server-rendered, then (with script) the new ones as they are stored. */
export function feedPage({ principal, filters, events, after, error }: FeedPage): Html {
  const body = html`
    <form class="filters" method="get" action="/">
      <label>Event type <input name="event_type" value="${filters.event_type ?? ""}" placeholder="pull_request" autocomplete="off"></label>
      <label>Repository <input name="repository" value="${filters.repository ?? ""}" placeholder="owner/name" autocomplete="off"></label>
      <label>Actor <input name="actor" value="${filters.actor ?? ""}" placeholder="octocat" autocomplete="off"></label>
      <button type="submit">Filter</button>
      ${Object.keys(filters).length > 0 ? html`<a href="/">Clear</a>` : ""}
    </form>
    <p class="live-status" id="live-status" hidden></p>
    ${events.length === 0 ? html`<p class="empty" id="feed-empty">No events yet${Object.keys(filters).length > 0 ? " for these filters" : ""}. New ones appear here as GitHub sends them.</p>` : ""}
    <ol class="feed" id="feed" data-stream="${error ? "" : streamUrl(filters, after)}">
      ${events.map((record) => eventItem(record.event))}
    </ol>
    <noscript><p class="muted">Without JavaScript this list does not update by itself: reload the page for new events.</p></noscript>`;
  return layout({ title: "Live feed", section: "feed", principal, body, notice: error ? { kind: "error", text: error } : null });
}
