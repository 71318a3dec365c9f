import type { Principal } from "../../auth/principal.js";
import { PERIODS, type ActivitySeries, type Breakdown, type Period } from "../activity-series.js";
import { activityChart } from "../chart.js";
import { html, type Html } from "../html.js";
import { layout, time } from "../layout.js";

function choice(period: Period, by: Breakdown, text: string, selected: boolean): Html {
  return html`<a href="/activity?period=${period}&amp;by=${by}"${selected ? html` aria-current="true"` : ""}>${text}</a>`;
}

function countTable(caption: string, counts: Record<string, number>, limit = 10): Html {
  const rows = Object.entries(counts).slice(0, limit);
  if (rows.length === 0) return html``;
  return html`<div class="table-wrap"><table>
    <caption>${caption}</caption>
    <thead><tr><th scope="col">Name</th><th scope="col" class="number">Events</th></tr></thead>
    <tbody>${rows.map(([name, n]) => html`<tr><td>${name}</td><td class="number">${n}</td></tr>`)}</tbody>
  </table></div>`;
}

/** Activity: events over time per type or repository, counts, the busiest repositories. */
export function activityPage(principal: Principal, activity: ActivitySeries): Html {
  const { period, by, totals } = activity;
  const body = html`
    <p class="choices">
      ${(Object.keys(PERIODS) as Period[]).map((option) => choice(option, by, option, option === period))}
      <span class="separator">·</span>
      ${choice(period, "type", "by type", by === "type")}
      ${choice(period, "repository", "by repository", by === "repository")}
    </p>
    <p class="lead">${totals.total_events} events in the ${PERIODS[period].label} (${time(activity.since)} to ${time(activity.until)}), in ${totals.unique_repositories} repositories.</p>
    ${totals.total_events === 0 ? html`<p class="empty">Nothing in this period.</p>` : activityChart(activity)}
    <div class="columns">
      ${countTable("Busiest repositories", totals.repositories)}
      ${countTable("Event types", totals.event_types)}
    </div>`;
  return layout({ title: "Activity", section: "activity", principal, body });
}
