import type { TokenInfo } from "../../auth/tokens.js";
import type { AttemptInfo, DeliveryInfo } from "../../delivery/deliveries.js";
import type { SendResult } from "../../delivery/http-post.js";
import type { Rules } from "../../delivery/rules.js";
import type { SubscriptionInfo } from "../../delivery/subscriptions.js";

const iso = (date: Date | null) => date?.toISOString() ?? null;

export function rulesJson(rules: Rules) {
  return {
    events: rules.events,
    repositories: rules.repositories,
    actors: rules.actors,
    exclude_actors: rules.excludeActors,
    include_bots: rules.includeBots,
    mentions: rules.mentions,
    trigger_users: rules.triggerUsers,
    include_private: rules.includePrivate,
  };
}

export function subscriptionJson(info: SubscriptionInfo) {
  return {
    name: info.name,
    target: info.target,
    destination: info.destination,
    rules: info.rules && rulesJson(info.rules),
    enabled: info.enabled,
    disabled_reason: info.disabledReason,
    failing_since: iso(info.failingSince),
    created_at: info.createdAt.toISOString(),
    pending: info.pending,
    failed: info.failed,
    last_error: info.lastError,
  };
}

export function deliveryJson(info: DeliveryInfo) {
  return {
    id: info.id,
    status: info.status,
    subscription: info.subscription,
    event: info.event,
    event_delivery_id: info.eventDeliveryId,
    repository: info.repository,
    summary: info.summary,
    attempts: info.attempts,
    next_attempt_at: info.nextAttemptAt.toISOString(),
    delivered_at: iso(info.deliveredAt),
    created_at: info.createdAt.toISOString(),
    last_error: info.lastError,
  };
}

export function attemptJson(attempt: AttemptInfo) {
  return { started_at: attempt.startedAt.toISOString(), duration_ms: attempt.durationMs, status_code: attempt.statusCode, response: attempt.response, error: attempt.error };
}

export function tokenJson(info: TokenInfo) {
  return {
    name: info.name,
    repositories: info.repositories,
    private: info.allowPrivate,
    admin: info.admin,
    login: info.login,
    created_at: info.createdAt.toISOString(),
    last_used_at: iso(info.lastUsedAt),
  };
}

export function pingJson(result: SendResult) {
  return {
    outcome: result.outcome === "delivered" ? "delivered" : "failed",
    status_code: result.statusCode,
    duration_ms: result.durationMs,
    error: result.error,
    response: result.response,
  };
}
