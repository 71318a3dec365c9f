import { z } from "zod";
import { markEventsRead as markRead } from "../../query/mark-events-read.js";
import { defineTool } from "../tool.js";
import { consumerInput, consumerOf } from "./get-unread-events.js";

export const markEventsRead = defineTool({
  name: "mark_events_read",
  title: "Mark events as read",
  description:
    "Move your read position to the cursor get_unread_events returned, once you have handled those events; the next get_unread_events starts after it. " +
    "It never moves backwards, so calling it twice is harmless. Example: {\"cursor\": 1234}.",
  inputSchema: {
    cursor: z.number().int().nonnegative().describe("The cursor from get_unread_events."),
    consumer: consumerInput,
  },
  outputSchema: {
    consumer: z.string(),
    cursor: z.number().describe("The read position now."),
  },
  annotations: { title: "Mark events as read", readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  run: async ({ cursor, consumer }, { db, scope, clock }, call) => {
    const name = consumerOf(consumer, scope, call);
    return { consumer: name, ...(await markRead(db, scope, name, cursor, { now: clock() })) };
  },
});
