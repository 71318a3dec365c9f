import type { NormalizedEvent } from "../normalize/types.js";
import type { OutboxEntry } from "../store/events.js";
import { matchesRules, type Rules } from "./rules.js";

export type TargetKind = "webhook" | "letta";

export interface ActiveSubscription {
  id: number;
  target: TargetKind;
  rules: Rules;
}

/**
 * Deliveries sharing a key go out one at a time, in event order: per
 * repository for a webhook (like devs-webhook's single_queue), per agent for
 * Letta, which must never receive two messages at once.
 */
export function orderKeyOf(subscription: Pick<ActiveSubscription, "id" | "target">, event: NormalizedEvent): string {
  if (subscription.target === "letta") return `${subscription.id}`;
  return `${subscription.id}:${event.repository?.full_name.toLowerCase() ?? ""}`;
}

/** The outbox rows an event needs. Pure. */
export function outboxEntries(subscriptions: readonly ActiveSubscription[], event: NormalizedEvent, ownLogins: ReadonlySet<string>): OutboxEntry[] {
  return subscriptions
    .filter((subscription) => matchesRules(subscription.rules, event, ownLogins))
    .map((subscription) => ({ subscriptionId: subscription.id, orderKey: orderKeyOf(subscription, event) }));
}
