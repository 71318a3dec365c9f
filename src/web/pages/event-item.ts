import type { NormalizedEvent } from "../../normalize/types.js";
import { html, safeUrl, type Html } from "../html.js";
import { time } from "../layout.js";

export const eventPath = (deliveryId: string) => `/events/${encodeURIComponent(deliveryId)}`;

/** Where the event is on GitHub: its subject (issue, PR, run…), else its repository. */
export function githubUrl(event: NormalizedEvent): string | null {
  return safeUrl(event.subject?.url) ?? safeUrl(event.repository?.url);
}

/** One event of the feed; the page's script builds the same markup for the ones that arrive live (console.js, eventItem). */
export function eventItem(event: NormalizedEvent): Html {
  const link = githubUrl(event);
  return html`<li class="event" data-delivery-id="${event.delivery_id}">
    <p class="summary"><a href="${eventPath(event.delivery_id)}">${event.summary}</a></p>
    <p class="meta">
      <span class="type">${event.action === null ? event.event_type : `${event.event_type}.${event.action}`}</span>
      ${event.sender ? html`<span class="actor">${event.sender.login}</span>` : ""}
      ${event.repository ? html`<span class="repository">${event.repository.full_name}</span>` : event.organization ? html`<span class="repository">${event.organization.login}</span>` : ""}
      ${time(event.timestamp)}
      ${link ? html`<a class="github" href="${link}" rel="noopener noreferrer">on GitHub</a>` : ""}
    </p>
  </li>`;
}
