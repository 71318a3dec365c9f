import { recentEvents } from "../../query/recent-events.js";
import { cursorInput, eventFilterInput, eventPageOutput, limitInput } from "../schemas.js";
import { defineTool } from "../tool.js";
import { toEventFilter } from "./filters.js";

export const getRecentEvents = defineTool({
  name: "get_recent_events",
  title: "Recent GitHub events",
  description:
    "List the latest GitHub events Code Buddy received (newest first): pushes, pull requests, issues, comments, reviews, CI runs, releases and every other webhook. " +
    "Use it to answer \"what happened recently\" questions, optionally narrowed by event type, action, repository, actor or time range; page with next_cursor. " +
    'Each event has a one-line summary, who/where, the subject (issue, PR, run…) and key details. Example: {"event_type": "pull_request", "action": "opened", "repository": "octo-org/hello", "limit": 10}.',
  inputSchema: { ...eventFilterInput, limit: limitInput(50, 100), cursor: cursorInput.optional() },
  outputSchema: eventPageOutput,
  annotations: { title: "Recent GitHub events", readOnlyHint: true, openWorldHint: false },
  run: async (args, { db, scope }) => {
    const page = await recentEvents(db, scope, toEventFilter(args), { limit: args.limit, ...(args.cursor && { cursor: args.cursor }) });
    return { events: page.events.map((record) => record.event), count: page.events.length, next_cursor: page.nextCursor };
  },
});
