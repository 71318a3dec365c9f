import type { Principal } from "../../auth/principal.js";
import type { NormalizedEvent } from "../../normalize/types.js";
import { html, type Html } from "../html.js";
import { layout, time } from "../layout.js";
import { githubUrl } from "./event-item.js";

/** A payload this large (GitHub sends up to 25 MB) is cut in the page; the API gives it whole. */
export const PAYLOAD_DISPLAY_CHARS = 512 * 1024;

function row(label: string, value: Html | string | null | undefined): Html {
  return value === null || value === undefined || value === "" ? html`` : html`<tr><th scope="row">${label}</th><td>${value}</td></tr>`;
}

/** One event: every field agents see, then the raw payload exactly as GitHub sent it. */
export function eventPage(principal: Principal, event: NormalizedEvent, payload: unknown): Html {
  const link = githubUrl(event);
  const raw = JSON.stringify(payload, null, 2);
  const cut = raw.length > PAYLOAD_DISPLAY_CHARS;
  const apiUrl = `/api/v1/events/${encodeURIComponent(event.delivery_id)}?include_payload=true`;
  const body = html`
    <p class="summary lead">${event.summary}</p>
    <div class="table-wrap"><table class="fields">
      ${row("Event", event.action === null ? event.event_type : `${event.event_type}.${event.action}`)}
      ${row("Received", time(event.timestamp))}
      ${row("Repository", event.repository ? `${event.repository.full_name}${event.repository.private ? " (private)" : ""}` : null)}
      ${row("Organization", event.organization?.login)}
      ${row("Sender", event.sender ? `${event.sender.login} (${event.sender.type})` : null)}
      ${row("Subject", event.subject ? `${event.subject.type}${event.subject.number === null ? "" : ` #${event.subject.number}`}${event.subject.title ? `: ${event.subject.title}` : ""}${event.subject.state ? ` (${event.subject.state})` : ""}` : null)}
      ${row("Mentions", event.mentions.map((login) => `@${login}`).join(", "))}
      ${row("Delivery id", html`<code>${event.delivery_id}</code>`)}
      ${row("On GitHub", link ? html`<a href="${link}" rel="noopener noreferrer">${link}</a>` : null)}
    </table></div>
    <h2>Details</h2>
    <pre class="json">${JSON.stringify(event.details, null, 2)}</pre>
    <h2>Raw payload</h2>
    <p class="muted">As GitHub sent it${cut ? `; the first ${PAYLOAD_DISPLAY_CHARS} of ${raw.length} characters` : ""}. Whole, as JSON: <a href="${apiUrl}">${apiUrl}</a></p>
    <pre class="json payload" id="payload">${cut ? raw.slice(0, PAYLOAD_DISPLAY_CHARS) : raw}</pre>`;
  return layout({ title: event.subject?.title ? `${event.event_type}: ${event.subject.title}` : `Event ${event.delivery_id}`, section: "feed", principal, body });
}
