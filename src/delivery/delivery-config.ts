/** How the delivery worker sends, retries and gives up (DELIVERY_* variables). */
export interface DeliveryConfig {
  /** Waits before each retry, in ms; after the last one a delivery is failed (dead letter). */
  retryScheduleMs: readonly number[];
  /** A subscription whose every attempt failed for this long is disabled. */
  disableAfterMs: number;
  webhookTimeoutMs: number;
  /** A worker's hold on a delivery it sends; must outlast the longest request, or a slow one is sent twice. */
  leaseMs: number;
  /** Deliveries of one subscription in flight at once (Letta: always one, see orderKeyOf). */
  concurrencyPerSubscription: number;
  /** How often the outbox is checked besides the wake-ups: retries, rows written by other instances. */
  pollIntervalMs: number;
}

/** A Letta server: the subscriptions' default and the send_message_to_letta tool's (LETTA_* variables). */
export interface LettaConfig {
  baseUrl: string;
  /** Empty for a self-hosted server without authentication. */
  apiKey: string;
  /** The agent send_message_to_letta talks to when the call names none. */
  agentId: string | null;
  /** Agents think before they answer: much longer than a webhook's timeout. */
  timeoutMs: number;
  /** Events waiting for one agent are sent together, at most this many per message. */
  maxEventsPerMessage: number;
}

export const DEFAULT_LETTA_BASE_URL = "https://api.letta.com";

/** What the worker reads of the app's configuration. */
export interface PushConfig {
  delivery: DeliveryConfig;
  letta: LettaConfig;
}
