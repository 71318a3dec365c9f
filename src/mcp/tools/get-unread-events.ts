import { z } from "zod";
import { unreadEvents } from "../../query/unread-events.js";
import { COMPACT_COLUMNS, compactEvent } from "../compact-event.js";
import { compactEventSchema, detailInput, eventFilterInput, fullEventReference, limitInput } from "../schemas.js";
import { defineTool } from "../tool.js";
import { toEventFilter } from "./filters.js";
import { listText, type FullEvent } from "./listed-events.js";

export const consumerInput = z
  .string()
  .min(1)
  .max(100)
  .optional()
  .describe("read position's name (default: the token's); one per agent or task");

export const getUnreadEvents = defineTool({
  name: "get_unread_events",
  title: "Unread GitHub events",
  description:
    "Events since your last mark_events_read, oldest first, none seen twice or skipped (first call: last 24 hours). " +
    "Use it at the start of each run for \"what is new\"; handle them, then mark_events_read with the cursor. " +
    'Example: {"limit": 50}, then mark_events_read {"cursor": 1234}',
  inputSchema: {
    consumer: consumerInput,
    limit: limitInput(50, 100),
    event_type: eventFilterInput.event_type,
    repository: eventFilterInput.repository,
    detail: detailInput,
  },
  outputSchema: {
    events: z.array(z.union([compactEventSchema.extend({ id: z.number() }), z.object({ id: z.number(), event: fullEventReference })])),
    count: z.number(),
    cursor: z.number().describe("for mark_events_read"),
    remaining: z.boolean().describe("more waiting: mark these read, call again"),
  },
  annotations: { readOnlyHint: true, openWorldHint: false },
  run: async (args, { db, scope, clock }) => {
    const unread = await unreadEvents(db, scope, args.consumer ?? scope.name, { limit: args.limit, filter: toEventFilter(args), now: clock() });
    const events = args.detail === "full" ? unread.events.map(({ id, event }) => ({ id, event: event as FullEvent })) : unread.events.map(({ id, event }) => ({ id, ...compactEvent(event) }));
    return { events, count: events.length, cursor: unread.cursor, remaining: unread.remaining };
  },
  text: (output, args) => listText(output, args, ["id", ...COMPACT_COLUMNS]),
});
