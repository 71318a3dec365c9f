import { z } from "zod";
import { unreadEvents } from "../../query/unread-events.js";
import { eventFilterInput, eventSchema, limitInput } from "../schemas.js";
import type { Scope } from "../../auth/scope.js";
import { defineTool, ToolError, type ToolCall } from "../tool.js";
import { toEventFilter } from "./filters.js";

const MAX_CONSUMER = 100;

export const consumerInput = z
  .string()
  .min(1)
  .max(MAX_CONSUMER)
  .optional()
  .describe("Whose read position this is (default: the X-Agent-Id header, else this token's). Give each agent or task its own name to keep separate positions.");

/** An explicit consumer, else the calling agent's id (X-Agent-Id), else the token's name. */
export function consumerOf(consumer: string | undefined, scope: Scope, call: ToolCall): string {
  if (consumer !== undefined) return consumer;
  if (call.agentId !== null && call.agentId.length > MAX_CONSUMER)
    throw new ToolError(`The X-Agent-Id header names the read position and may be at most ${MAX_CONSUMER} characters; pass a shorter consumer argument instead.`);
  return call.agentId ?? scope.name;
}

/** Events with their positions in the stream, oldest first: what get_unread_events and wait_for_events return. */
export const positionedEventsOutput = {
  events: z.array(z.object({ id: z.number().describe("Position in the stream."), event: eventSchema })),
  count: z.number(),
};

export const getUnreadEvents = defineTool({
  name: "get_unread_events",
  title: "Unread GitHub events",
  description:
    "The events that arrived since you last called mark_events_read, oldest first, so nothing is seen twice or skipped. " +
    "Use it at the start of each run to answer \"what is new since I last looked\"; handle the events, then call mark_events_read with the returned cursor. " +
    "The first call (no position yet) starts with the last 24 hours. " +
    'Example: {"limit": 50} then mark_events_read {"cursor": <cursor>}.',
  inputSchema: {
    consumer: consumerInput,
    limit: limitInput(50, 100),
    event_type: eventFilterInput.event_type,
    repository: eventFilterInput.repository,
  },
  outputSchema: {
    ...positionedEventsOutput,
    cursor: z.number().describe("Pass to mark_events_read once these events are handled."),
    remaining: z.boolean().describe("More unread events are waiting: mark these read, then call again."),
  },
  annotations: { title: "Unread GitHub events", readOnlyHint: true, openWorldHint: false },
  run: async (args, { db, scope, clock }, call) => {
    const unread = await unreadEvents(db, scope, consumerOf(args.consumer, scope, call), { limit: args.limit, filter: toEventFilter(args), now: clock() });
    return { events: unread.events, count: unread.events.length, cursor: unread.cursor, remaining: unread.remaining };
  },
});
