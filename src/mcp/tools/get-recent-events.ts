import { recentEvents } from "../../query/recent-events.js";
import { cursorInput, detailInput, eventFilterInput, eventPageOutput, limitInput } from "../schemas.js";
import { defineTool } from "../tool.js";
import { toEventFilter } from "./filters.js";
import { listed, listText } from "./listed-events.js";

export const getRecentEvents = defineTool({
  name: "get_recent_events",
  title: "Recent GitHub events",
  description:
    "List the latest GitHub events Code Buddy received (newest first): pushes, pull requests, issues, comments, reviews, CI runs, releases and every other webhook. " +
    "Use it to answer \"what happened recently\" questions, optionally narrowed by event type, action, repository, actor or time range; page with next_cursor. " +
    'Each event is compact (who, what, where, a one-line summary); pass detail "full" for subjects, URLs and details, or get_event_by_id for one event. Example: {"event_type": "pull_request", "action": "opened", "repository": "octo-org/hello", "limit": 10}.',
  inputSchema: { ...eventFilterInput, limit: limitInput(50, 100), cursor: cursorInput.optional(), detail: detailInput },
  outputSchema: eventPageOutput,
  annotations: { title: "Recent GitHub events", readOnlyHint: true, openWorldHint: false },
  run: async (args, { db, scope }) => {
    const page = await recentEvents(db, scope, toEventFilter(args), { limit: args.limit, ...(args.cursor && { cursor: args.cursor }) });
    return { events: listed(page.events.map((record) => record.event), args.detail), count: page.events.length, next_cursor: page.nextCursor };
  },
  text: listText,
});
