import type { Rules } from "../rules.js";

const list = (values: readonly string[], prefix = "") => values.map((value) => prefix + value).join(",");

/** A subscription's rules in a few words, naming only what differs from the defaults. */
export function describeRules(rules: Rules | null): string {
  if (rules === null) return "INVALID (receives nothing)";
  const parts = [
    rules.events.includes("*") ? null : `events ${list(rules.events)}`,
    rules.repositories.includes("*") ? null : `repos ${list(rules.repositories)}`,
    rules.actors.length > 0 ? `by ${list(rules.actors)}` : null,
    rules.excludeActors.length > 0 ? `not by ${list(rules.excludeActors)}` : null,
    rules.mentions.length > 0 ? `mentioning ${list(rules.mentions, "@")}` : null,
    rules.triggerUsers.length > 0 ? `mentioned by ${list(rules.triggerUsers)}` : null,
    rules.includeBots ? "bots included" : null,
    rules.includePrivate ? "private included" : null,
  ].filter((part): part is string => part !== null);
  return parts.length > 0 ? parts.join("; ") : "all events";
}
