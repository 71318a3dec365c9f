import type { NormalizedEvent } from "../normalize/types.js";

/** Bounds that keep one event to a few lines of the agent's context, whatever the payload held. */
const VALUE_CHARS = 200;
const DETAILS_CHARS = 600;
const LIST_ITEMS = 5;

function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

function render(value: unknown): string | null {
  if (value === null || value === undefined || value === "") return null;
  if (Array.isArray(value)) {
    const items = value.map(render).filter((item): item is string => item !== null);
    if (items.length === 0) return null;
    const more = items.length > LIST_ITEMS ? ` (+${items.length - LIST_ITEMS} more)` : "";
    return items.slice(0, LIST_ITEMS).join(", ") + more;
  }
  if (typeof value === "object") {
    const parts = Object.values(value)
      .map(render)
      .filter((part): part is string => part !== null);
    return parts.length === 0 ? null : parts.join(" ");
  }
  return typeof value === "string" || typeof value === "number" || typeof value === "boolean" ? clip(String(value), VALUE_CHARS) : null;
}

function detailsLine(details: Record<string, unknown>): string | null {
  const pairs = Object.entries(details).flatMap(([key, value]) => {
    const text = render(value);
    return text === null ? [] : [`${key}: ${text}`];
  });
  return pairs.length === 0 ? null : clip(pairs.join("; "), DETAILS_CHARS);
}

/** One event as a few lines: what happened, where to look, who was mentioned, the key fields. */
function eventLines(event: NormalizedEvent): string[] {
  const type = event.action === null ? event.event_type : `${event.event_type}.${event.action}`;
  const link = event.subject?.url ?? event.repository?.url ?? null;
  const details = detailsLine(event.details);
  return [
    event.summary,
    ...(link ? [`Link: ${link}`] : []),
    ...(event.mentions.length > 0 ? [`Mentions: ${event.mentions.map((login) => `@${login}`).join(", ")}`] : []),
    ...(details ? [`Details: ${details}`] : []),
    `Event: ${type} at ${event.timestamp} (delivery_id ${event.delivery_id})`,
  ];
}

/**
 * The message a Letta agent receives for one or more events (oldest first):
 * readable text, never the raw payload. The delivery_id lets an agent with
 * Code Buddy's MCP tools fetch the whole event. Pure.
 */
export function lettaMessage(events: readonly NormalizedEvent[]): string {
  if (events.length === 1) return ["GitHub event:", ...eventLines(events[0]!)].join("\n");
  const blocks = events.map((event, index) => {
    const [first, ...rest] = eventLines(event);
    return [`${index + 1}. ${first}`, ...rest.map((line) => `   ${line}`)].join("\n");
  });
  return [`${events.length} GitHub events, oldest first:`, ...blocks].join("\n\n");
}
