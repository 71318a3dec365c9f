import { pino } from "pino";
import type { PushConfig } from "../../src/config.js";
import { startDelivery, type DeliveryDeps, type DeliveryService } from "../../src/delivery/start.js";
import { EventBus } from "../../src/events/event-bus.js";
import { createIngest } from "../../src/github/ingest.js";
import type { Db } from "../../src/store/db.js";
import { example, incoming } from "./webhooks.js";

export const silent = pino({ level: "silent" });

/** Short waits and leases, so that retries and lease expiry take milliseconds, not hours. */
export function fastConfig(overrides: { delivery?: Partial<PushConfig["delivery"]>; letta?: Partial<PushConfig["letta"]> } = {}): PushConfig {
  return {
    delivery: {
      retryScheduleMs: [20, 40, 80],
      disableAfterMs: 5 * 86_400_000,
      webhookTimeoutMs: 2000,
      leaseMs: 3000,
      concurrencyPerSubscription: 4,
      pollIntervalMs: 100,
      ...overrides.delivery,
    },
    letta: { baseUrl: "http://letta.invalid", apiKey: "", agentId: null, timeoutMs: 2000, maxEventsPerMessage: 20, ...overrides.letta },
  };
}

// Example payloads are edited field by field; restating their webhook types here would add nothing.
type EditablePayload = Record<string, any>;

export interface EventSpec {
  /** The webhook event name, e.g. "issues". */
  name: string;
  action?: string;
  repository?: string;
  private?: boolean;
  actor?: string;
  actorType?: "User" | "Bot";
  /** A comment body, to carry @mentions. */
  comment?: string;
}

/** One of GitHub's example payloads, moved to this repository, actor, action… */
export function payloadOf({ name, action, repository = "octo-org/hello", private: isPrivate = false, actor = "octocat", actorType = "User", comment }: EventSpec): EditablePayload {
  const payload: EditablePayload = example(name, (candidate) => action === undefined || candidate.action === action);
  const [owner, repo] = repository.split("/");
  payload.repository = {
    ...payload.repository,
    name: repo,
    full_name: repository,
    private: isPrivate,
    html_url: `https://github.com/${repository}`,
    owner: { ...payload.repository?.owner, login: owner },
  };
  if (payload.organization) payload.organization = { ...payload.organization, login: owner };
  payload.sender = { ...payload.sender, login: actor, type: actorType };
  if (comment !== undefined) payload.comment = { ...payload.comment, body: comment, user: { ...payload.comment?.user, login: actor } };
  return payload;
}

export interface PushWorld {
  service: DeliveryService;
  /** Stores an event through the real ingest path (its outbox rows in the same transaction). */
  ingest: (id: string, spec: EventSpec) => Promise<number>;
  stop(): Promise<void>;
}

/** The delivery worker and ingest wired as the server wires them: one bus, the directory's route. */
export async function startPushWorld(db: Db, databaseUrl: string, config: PushConfig, deps: Partial<DeliveryDeps> = {}): Promise<PushWorld> {
  const bus = new EventBus();
  const clock = () => new Date();
  const service = await startDelivery({ db, databaseUrl, log: silent, clock, config, bus, ...deps });
  const ingestOne = createIngest({ db, log: silent, clock, bus, route: service.directory.route });
  return {
    service,
    ingest: async (id, spec) => {
      const stored = await ingestOne(incoming(id, spec.name, payloadOf(spec)));
      if (stored.outcome !== "stored") throw new Error(`${id} was not stored`);
      return stored.id;
    },
    stop: () => service.stop(),
  };
}

/** Polls `check` until it returns something other than undefined/false, or fails after `timeoutMs` saying what it waited for. */
export async function waitFor<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await check();
    if (result !== undefined && result !== false) return result;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
