import { recentEvents } from "../../query/recent-events.js";
import { cursorInput, detailInput, eventFilterInput, eventPageOutput, limitInput } from "../schemas.js";
import { defineTool } from "../tool.js";
import { toEventFilter } from "./filters.js";
import { listed, listText } from "./listed-events.js";

export const getRecentEvents = defineTool({
  name: "get_recent_events",
  description: 'Latest events, newest first. Use it for "what happened recently". ' + 'Example: {"event_type": "pull_request", "action": "opened", "limit": 10}',
  inputSchema: { ...eventFilterInput, limit: limitInput(50, 100), cursor: cursorInput.optional(), detail: detailInput },
  outputSchema: eventPageOutput,
  annotations: { readOnlyHint: true },
  run: async (args, { db, scope }) => {
    const page = await recentEvents(db, scope, toEventFilter(args), { limit: args.limit, ...(args.cursor && { cursor: args.cursor }) });
    return {
      events: listed(
        page.events.map((record) => record.event),
        args.detail,
      ),
      count: page.events.length,
      next_cursor: page.nextCursor,
    };
  },
  text: listText,
});
