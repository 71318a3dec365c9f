import { z } from "zod";
import { unreadEvents } from "../../query/unread-events.js";
import { COMPACT_COLUMNS, compactEvent } from "../compact-event.js";
import { compactEventSchema, detailInput, eventFilterInput, eventSchema, limitInput } from "../schemas.js";
import { defineTool } from "../tool.js";
import { toEventFilter } from "./filters.js";
import { listText } from "./listed-events.js";

export const consumerInput = z
  .string()
  .min(1)
  .max(100)
  .optional()
  .describe("Whose read position this is (default: this token's). Give each agent or task its own name to keep separate positions.");

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
    detail: detailInput,
  },
  outputSchema: {
    events: z.array(z.union([compactEventSchema.extend({ id: z.number().describe("Position in the stream.") }), z.object({ id: z.number(), event: eventSchema })])),
    count: z.number(),
    cursor: z.number().describe("Pass to mark_events_read once these events are handled."),
    remaining: z.boolean().describe("More unread events are waiting: mark these read, then call again."),
  },
  annotations: { title: "Unread GitHub events", readOnlyHint: true, openWorldHint: false },
  run: async (args, { db, scope, clock }) => {
    const unread = await unreadEvents(db, scope, args.consumer ?? scope.name, { limit: args.limit, filter: toEventFilter(args), now: clock() });
    const events = args.detail === "full" ? unread.events : unread.events.map(({ id, event }) => ({ id, ...compactEvent(event) }));
    return { events, count: events.length, cursor: unread.cursor, remaining: unread.remaining };
  },
  text: (output, args) => listText(output, args, ["id", ...COMPACT_COLUMNS]),
});
