import { z } from "zod";
import { markEventsRead as markRead } from "../../query/mark-events-read.js";
import { defineTool } from "../tool.js";
import { consumerInput, consumerOf } from "./get-unread-events.js";

export const markEventsRead = defineTool({
  name: "mark_events_read",
  description: "Moves your read position to get_unread_events' cursor. Use it once those events are handled; it never moves back. " + 'Example: {"cursor": 1234}',
  inputSchema: {
    cursor: z.number().int().nonnegative(),
    consumer: consumerInput,
  },
  outputSchema: {
    consumer: z.string(),
    cursor: z.number(),
  },
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  run: async ({ cursor, consumer }, { db, scope, clock }, call) => {
    const name = consumerOf(consumer, scope, call);
    return { consumer: name, ...(await markRead(db, scope, name, cursor, { now: clock() })) };
  },
});
