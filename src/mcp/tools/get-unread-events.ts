import { z } from "zod";
import { unreadEvents } from "../../query/unread-events.js";
import type { Scope } from "../../auth/scope.js";
import type { NormalizedEvent } from "../../normalize/types.js";
import { COMPACT_COLUMNS, compactEvent } from "../compact-event.js";
import { compactEventSchema, detailInput, eventFilterInput, fullEventReference, limitInput } from "../schemas.js";
import { defineTool, ToolError, type ToolCall } from "../tool.js";
import { toEventFilter } from "./filters.js";
import { listText } from "./listed-events.js";

const MAX_CONSUMER = 100;

export const consumerInput = z.string().min(1).max(MAX_CONSUMER).optional().describe("read position (default: X-Agent-Id, else token name)");

/** An explicit consumer, else the calling agent's id (X-Agent-Id), else the token's name. */
export function consumerOf(consumer: string | undefined, scope: Scope, call: ToolCall): string {
  if (consumer !== undefined) return consumer;
  if (call.agentId !== null && call.agentId.length > MAX_CONSUMER)
    throw new ToolError(`The X-Agent-Id header names the read position and may be at most ${MAX_CONSUMER} characters; pass a shorter consumer argument instead.`);
  return call.agentId ?? scope.name;
}

/** Events with their positions in the stream, oldest first: what get_unread_events and wait_for_events return. */
export const positionedEventsOutput = {
  events: z.array(z.union([compactEventSchema.extend({ id: z.number() }), z.object({ id: z.number(), event: fullEventReference })])),
  count: z.number(),
};

/** Positioned events at the detail asked for: compact rows carrying their id, or the id beside the full event. */
export function positioned(events: { id: number; event: NormalizedEvent }[], detail: "compact" | "full") {
  return detail === "full" ? events.map(({ id, event }) => ({ id, event: event })) : events.map(({ id, event }) => ({ id, ...compactEvent(event) }));
}

export const getUnreadEvents = defineTool({
  name: "get_unread_events",
  description:
    "Events after your read position, oldest first, none skipped (first call: last 24 hours). " +
    "Use it at each run's start; handle them, then mark_events_read the cursor. " +
    'Example: {"limit": 50}',
  inputSchema: {
    consumer: consumerInput,
    limit: limitInput(50, 100),
    event_type: eventFilterInput.event_type,
    repository: eventFilterInput.repository,
    detail: detailInput,
  },
  outputSchema: {
    ...positionedEventsOutput,
    cursor: z.number().describe("for mark_events_read"),
    remaining: z.boolean().describe("more waiting"),
  },
  annotations: { readOnlyHint: true },
  run: async (args, { db, scope, clock }, call) => {
    const unread = await unreadEvents(db, scope, consumerOf(args.consumer, scope, call), { limit: args.limit, filter: toEventFilter(args), now: clock() });
    const events = positioned(unread.events, args.detail);
    return { events, count: events.length, cursor: unread.cursor, remaining: unread.remaining };
  },
  text: (output, args) => listText(output, args, ["id", ...COMPACT_COLUMNS]),
});
