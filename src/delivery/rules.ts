import { z } from "zod";
import { REPOSITORY_PATTERN, scopeAllows, scopeColumnsOf } from "../auth/scope.js";
import type { NormalizedEvent } from "../normalize/types.js";

const login = z.string().regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(\[bot\])?$/, { error: "must be a GitHub login, e.g. octocat" });
const eventPattern = z
  .string()
  .regex(/^(\*|[a-z_]+(\.([a-z_]+|\*))?)$/, { error: 'must be an event type with an optional action: "push", "pull_request.opened", "issues.*" or "*"' });

/** Which events a subscription receives. Every condition must hold. */
export const rulesSchema = z
  .object({
    /** Event types with optional actions: "pull_request.opened", "issues.*", "push"; "*" for all. */
    events: z.array(eventPattern).min(1).default(["*"]),
    /** "owner/name", "owner/*" or "*" (which also covers events without a repository). */
    repositories: z
      .array(z.string().regex(REPOSITORY_PATTERN, { error: 'must be "owner/name", "owner/*" or "*"' }))
      .min(1)
      .default(["*"]),
    /** Only events sent by these logins (empty: anyone). */
    actors: z.array(login).default([]),
    /** Never events sent by these logins. */
    excludeActors: z.array(login).default([]),
    /** Bots are skipped unless this is set (a feedback-loop guard); the app's own bot is always skipped. */
    includeBots: z.boolean().default(false),
    /** Only events that @mention one of these logins, the way an agent is woken by "@its-user". */
    mentions: z.array(login).default([]),
    /** With mentions: only a mention written by one of these logins counts (who may wake the agent). */
    triggerUsers: z.array(login).default([]),
    /** Events of private repositories are delivered only when set. */
    includePrivate: z.boolean().default(false),
  })
  .refine((rules) => rules.triggerUsers.length === 0 || rules.mentions.length > 0, {
    error: "triggerUsers only applies to mentions: add mentions, or use actors to choose senders",
    path: ["triggerUsers"],
  });

export type Rules = z.infer<typeof rulesSchema>;

function lower(values: readonly string[]): Set<string> {
  return new Set(values.map((value) => value.toLowerCase()));
}

function matchesEventPattern(pattern: string, event: NormalizedEvent): boolean {
  if (pattern === "*") return true;
  const [type, action] = pattern.split(".");
  if (type !== event.event_type) return false;
  return action === undefined || action === "*" || action === event.action;
}

function isBot(sender: NormalizedEvent["sender"]): boolean {
  return sender !== null && (sender.type === "Bot" || sender.login.endsWith("[bot]"));
}

/**
 * Whether a subscription with these rules receives the event. Pure.
 * `ownLogins` are the app's own bot logins: never delivered, so an agent that
 * acts through Code Buddy's app cannot trigger itself.
 */
export function matchesRules(rules: Rules, event: NormalizedEvent, ownLogins: ReadonlySet<string> = new Set()): boolean {
  const sender = event.sender?.login.toLowerCase() ?? null;
  if (sender !== null && ownLogins.has(sender)) return false;
  if (!rules.includeBots && isBot(event.sender)) return false;
  if (!rules.events.some((pattern) => matchesEventPattern(pattern, event))) return false;
  if (!scopeAllows({ name: "rules", repositories: rules.repositories, allowPrivate: rules.includePrivate }, scopeColumnsOf(event))) return false;
  if (rules.actors.length > 0 && (sender === null || !lower(rules.actors).has(sender))) return false;
  if (sender !== null && lower(rules.excludeActors).has(sender)) return false;
  if (rules.mentions.length > 0) {
    const watched = lower(rules.mentions);
    if (!event.mentions.some((mention) => watched.has(mention.toLowerCase()))) return false;
    if (rules.triggerUsers.length > 0 && (sender === null || !lower(rules.triggerUsers).has(sender))) return false;
  }
  return true;
}
