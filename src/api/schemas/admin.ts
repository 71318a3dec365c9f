import { z } from "zod";
import { LOGIN_PATTERN, REPOSITORY_PATTERN } from "../../auth/scope.js";
import { rulesSchema } from "../../delivery/rules.js";
import { nameParam } from "./params.js";

const rule = rulesSchema.shape;

/** The push rules in the API's snake_case; each field validated as the CLI's rules are. */
export const rulesInput = z
  .strictObject({
    events: rule.events.describe('Event types with optional actions: "pull_request.opened", "issues.*", "push"; "*" (the default) for all.'),
    repositories: rule.repositories.describe('"owner/name", "owner/*" or "*" (the default).'),
    actors: rule.actors.describe("Only events sent by these logins (default: anyone)."),
    exclude_actors: rule.excludeActors.describe("Never events sent by these logins."),
    include_bots: rule.includeBots.describe("Bots' events too (default false; the app's own bot never)."),
    mentions: rule.mentions.describe("Only events that @mention one of these logins."),
    trigger_users: rule.triggerUsers.describe("With mentions: only mentions written by these logins."),
    include_private: rule.includePrivate.describe("Private repositories' events too (default false)."),
  })
  .partial()
  .refine((rules) => (rules.trigger_users ?? []).length === 0 || (rules.mentions ?? []).length > 0, {
    error: "trigger_users only applies to mentions: add mentions, or use actors to choose senders",
    path: ["trigger_users"],
  });

export const rulesOutput = z
  .object({
    events: z.array(z.string()),
    repositories: z.array(z.string()),
    actors: z.array(z.string()),
    exclude_actors: z.array(z.string()),
    include_bots: z.boolean(),
    mentions: z.array(z.string()),
    trigger_users: z.array(z.string()),
    include_private: z.boolean(),
  })
  .meta({ id: "Rules" });

export const newSubscriptionSchema = z
  .strictObject({
    name: nameParam("subscription"),
    webhook: z
      .strictObject({
        url: z.url({ protocol: /^https?$/, error: "must be an http(s) URL, e.g. https://bot.example.com/hooks" }),
        secret: z.string().optional().describe("A Standard Webhooks secret (whsec_…); generated and returned once when left out."),
      })
      .optional()
      .describe("Push to this endpoint, signed (Standard Webhooks)."),
    letta: z
      .strictObject({
        agent_id: z.string().min(1).describe("The Letta agent that receives the events."),
        base_url: z
          .url({ protocol: /^https?$/, error: "must be the Letta server's http(s) URL" })
          .optional()
          .describe("Default: the server's LETTA_BASE_URL."),
        api_key: z.string().optional().describe("Default: the server's LETTA_API_KEY. Never returned."),
      })
      .optional()
      .describe("Push to a Letta agent's messages API."),
    rules: rulesInput.optional(),
  })
  .refine((body) => (body.webhook === undefined) !== (body.letta === undefined), {
    error: "give one target: webhook or letta",
    path: ["webhook"],
  });

export const subscriptionSchema = z
  .object({
    name: z.string(),
    target: z.enum(["webhook", "letta"]),
    destination: z.string().describe("The webhook URL, or the Letta agent and server; never a secret."),
    rules: rulesOutput.nullable().describe("Null when the stored rules no longer parse (nothing is delivered)."),
    enabled: z.boolean(),
    disabled_reason: z.string().nullable(),
    failing_since: z.string().nullable().describe("Since when every attempt has failed; null when healthy."),
    created_at: z.string(),
    pending: z.number().describe("Deliveries waiting to be sent or retried."),
    failed: z.number().describe("Deliveries that gave up (dead letters): retry them."),
    last_error: z.string().nullable().describe("The error of the newest delivery still failing."),
  })
  .meta({ id: "Subscription" });

export const subscriptionListSchema = z.object({ subscriptions: z.array(subscriptionSchema) });

export const createdSubscriptionSchema = z.object({
  subscription: subscriptionSchema,
  secret: z.string().nullable().describe("The generated whsec_ signing secret: shown here only, once. Null when the request gave one (or for Letta)."),
});

export const pingResultSchema = z.object({
  outcome: z.enum(["delivered", "failed"]),
  status_code: z.number().nullable(),
  duration_ms: z.number(),
  error: z.string().nullable(),
  response: z.string().nullable().describe("The first characters of the receiver's answer."),
});

export const deliveryStatus = z.enum(["pending", "delivered", "failed"]);

export const deliverySchema = z
  .object({
    id: z.number(),
    status: deliveryStatus,
    subscription: z.string(),
    event: z.string().describe('"pull_request.opened"'),
    event_delivery_id: z.string().describe("The event's delivery_id: GET /events/{delivery_id}."),
    repository: z.string().nullable(),
    summary: z.string(),
    attempts: z.number().describe("Tries so far, manual retries included."),
    next_attempt_at: z.string(),
    delivered_at: z.string().nullable(),
    created_at: z.string(),
    last_error: z.string().nullable(),
  })
  .meta({ id: "Delivery" });

export const deliveryListSchema = z.object({
  deliveries: z.array(deliverySchema).describe("Newest first."),
  next_cursor: z.string().nullable(),
});

export const deliveryDetailSchema = z.object({
  delivery: deliverySchema,
  attempts: z
    .array(
      z.object({
        started_at: z.string(),
        duration_ms: z.number(),
        status_code: z.number().nullable(),
        response: z.string().nullable(),
        error: z.string().nullable(),
      }),
    )
    .describe("Every try, oldest first."),
});

export const tokenSchema = z
  .object({
    name: z.string(),
    repositories: z.array(z.string()),
    private: z.boolean(),
    admin: z.boolean(),
    login: z.string().nullable().describe("Whose attention get_attention reports by default."),
    created_at: z.string(),
    last_used_at: z.string().nullable(),
  })
  .meta({ id: "Token" });

export const tokenListSchema = z.object({ tokens: z.array(tokenSchema) });

export const newTokenSchema = z.strictObject({
  name: nameParam("token"),
  repositories: z
    .array(z.string().regex(REPOSITORY_PATTERN, { error: 'must be "owner/name", "owner/*" or "*"' }))
    .min(1, { error: 'needs at least one pattern: "owner/name", "owner/*" or "*"' })
    .describe("What it may read."),
  private: z.boolean().default(false).describe("Private repositories' events too."),
  admin: z.boolean().default(false).describe("May manage subscriptions, deliveries and tokens."),
  login: z.string().regex(LOGIN_PATTERN, { error: "must be a GitHub login, like octocat or my-bot[bot]" }).optional().describe("Whose attention get_attention reports by default."),
});

export const createdTokenSchema = z.object({
  token: tokenSchema,
  secret: z.string().describe("The cb_ token to send as Authorization: Bearer <secret>: shown here only, once."),
});

export const principalSchema = z.object({
  name: z.string().describe("The token's name."),
  kind: z.enum(["token", "session"]),
  admin: z.boolean(),
  scope: z.object({ repositories: z.array(z.string()), private: z.boolean() }),
});
