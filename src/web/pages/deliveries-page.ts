import type { Principal } from "../../auth/principal.js";
import type { AttemptInfo, DeliveryInfo, DeliveryStatus } from "../../delivery/deliveries.js";
import type { SubscriptionInfo } from "../../delivery/subscriptions.js";
import { html, type Html } from "../html.js";
import { csrfField, layout, time, type PageOptions } from "../layout.js";
import { eventPath } from "./event-item.js";

const button = (principal: Principal, action: string, label: string, className = "") =>
  html`<form method="post" action="${action}" class="inline">${csrfField(principal)}<button type="submit" class="${className}">${label}</button></form>`;

const subscriptionPath = (name: string, action: string) => `/deliveries/subscriptions/${encodeURIComponent(name)}/${action}`;

function health(subscription: SubscriptionInfo): Html {
  if (!subscription.enabled) return html`<span class="badge bad">disabled</span> <span class="reason">${subscription.disabledReason ?? "no reason recorded"}</span>`;
  if (subscription.failingSince) return html`<span class="badge warn">failing</span> since ${time(subscription.failingSince)}`;
  return html`<span class="badge good">ok</span>`;
}

function subscriptionsTable(principal: Principal, subscriptions: SubscriptionInfo[]): Html {
  if (subscriptions.length === 0)
    return html`<p class="empty">No subscriptions yet. Add one with <code>code-buddy subscription add &lt;name&gt; --webhook &lt;url&gt;</code> or POST /api/v1/subscriptions.</p>`;
  return html`<div class="table-wrap"><table id="subscriptions">
    <thead><tr><th scope="col">Subscription</th><th scope="col">Health</th><th scope="col" class="number">Pending</th><th scope="col" class="number">Failed</th><th scope="col">Last error</th><th scope="col">Actions</th></tr></thead>
    <tbody>${subscriptions.map(
      (subscription) => html`<tr data-subscription="${subscription.name}">
        <td><strong>${subscription.name}</strong><br><span class="muted">${subscription.target}: ${subscription.destination}</span></td>
        <td>${health(subscription)}</td>
        <td class="number">${subscription.pending}</td>
        <td class="number">${subscription.failed > 0 ? html`<a href="/deliveries?status=failed&amp;subscription=${encodeURIComponent(subscription.name)}">${subscription.failed}</a>` : "0"}</td>
        <td class="error-text">${subscription.lastError ?? ""}</td>
        <td class="actions">
          ${button(principal, subscriptionPath(subscription.name, "test"), "Test ping")}
          ${subscription.enabled ? button(principal, subscriptionPath(subscription.name, "disable"), "Disable") : button(principal, subscriptionPath(subscription.name, "enable"), "Enable", "primary")}
        </td>
      </tr>`,
    )}</tbody>
  </table></div>`;
}

const retryable = (delivery: DeliveryInfo) => delivery.status !== "pending";

function deliveriesTable(principal: Principal, deliveries: DeliveryInfo[]): Html {
  if (deliveries.length === 0) return html`<p class="empty">No deliveries here.</p>`;
  return html`<div class="table-wrap"><table id="deliveries">
    <thead><tr><th scope="col">#</th><th scope="col">Status</th><th scope="col">Subscription</th><th scope="col">Event</th><th scope="col" class="number">Tries</th><th scope="col">When</th><th scope="col">Last error</th><th scope="col"></th></tr></thead>
    <tbody>${deliveries.map(
      (delivery) => html`<tr data-delivery="${delivery.id}">
        <td><a href="/deliveries/${delivery.id}">${delivery.id}</a></td>
        <td><span class="badge ${delivery.status === "delivered" ? "good" : delivery.status === "failed" ? "bad" : "warn"}">${delivery.status}</span></td>
        <td>${delivery.subscription}</td>
        <td><a href="${eventPath(delivery.eventDeliveryId)}">${delivery.summary}</a><br><span class="muted">${delivery.event}</span></td>
        <td class="number">${delivery.attempts}</td>
        <td>${delivery.deliveredAt ? html`delivered ${time(delivery.deliveredAt)}` : delivery.status === "pending" ? html`next try ${time(delivery.nextAttemptAt)}` : html`queued ${time(delivery.createdAt)}`}</td>
        <td class="error-text">${delivery.lastError ?? ""}</td>
        <td>${retryable(delivery) ? button(principal, `/deliveries/${delivery.id}/retry`, "Retry", delivery.status === "failed" ? "primary" : "") : ""}</td>
      </tr>`,
    )}</tbody>
  </table></div>`;
}

const STATUSES: (DeliveryStatus | undefined)[] = [undefined, "failed", "pending", "delivered"];

export interface DeliveriesPage {
  principal: Principal;
  subscriptions: SubscriptionInfo[];
  deliveries: DeliveryInfo[];
  status: DeliveryStatus | undefined;
  notice?: PageOptions["notice"];
}

/** Deliveries: each subscription's health with Enable and Test ping, then the deliveries with Retry. */
export function deliveriesPage({ principal, subscriptions, deliveries, status, notice = null }: DeliveriesPage): Html {
  const body = html`
    <h2>Subscriptions</h2>
    ${subscriptionsTable(principal, subscriptions)}
    <h2>Deliveries</h2>
    <p class="choices">${STATUSES.map((option) => html`<a href="/deliveries${option ? `?status=${option}` : ""}"${option === status ? html` aria-current="true"` : ""}>${option ?? "all"}</a>`)}</p>
    ${deliveriesTable(principal, deliveries)}`;
  return layout({ title: "Deliveries", section: "deliveries", principal, body, notice });
}

/** One delivery and every try of it. */
export function deliveryPage(principal: Principal, delivery: DeliveryInfo, attempts: AttemptInfo[], notice: PageOptions["notice"] = null): Html {
  const body = html`
    <p class="lead"><span class="badge ${delivery.status === "delivered" ? "good" : delivery.status === "failed" ? "bad" : "warn"}">${delivery.status}</span>
      ${delivery.event} to <strong>${delivery.subscription}</strong>: <a href="${eventPath(delivery.eventDeliveryId)}">${delivery.summary}</a></p>
    ${retryable(delivery) ? button(principal, `/deliveries/${delivery.id}/retry`, "Retry", "primary") : html`<p class="muted">Queued: next try ${time(delivery.nextAttemptAt)}.</p>`}
    <h2>Attempts</h2>
    ${
      attempts.length === 0
        ? html`<p class="empty">Not tried yet.</p>`
        : html`<div class="table-wrap"><table id="attempts">
      <thead><tr><th scope="col">Started</th><th scope="col" class="number">ms</th><th scope="col">Status</th><th scope="col">Answer or error</th></tr></thead>
      <tbody>${attempts.map(
        (attempt) => html`<tr>
          <td>${time(attempt.startedAt)}</td>
          <td class="number">${attempt.durationMs}</td>
          <td>${attempt.statusCode ?? "—"}</td>
          <td><pre class="answer">${[attempt.error, attempt.response].filter((part) => part).join("\n")}</pre></td>
        </tr>`,
      )}</tbody>
    </table></div>`
    }`;
  return layout({ title: `Delivery ${delivery.id}`, section: "deliveries", principal, body, notice });
}
