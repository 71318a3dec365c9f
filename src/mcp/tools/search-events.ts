import { z } from "zod";
import { searchEvents as searchStoredEvents } from "../../query/search-events.js";
import { cursorInput, detailInput, eventFilterInput, eventPageOutput, limitInput } from "../schemas.js";
import { defineTool } from "../tool.js";
import { toEventFilter } from "./filters.js";
import { listed, listText } from "./listed-events.js";

export const searchEvents = defineTool({
  name: "search_events",
  title: "Search GitHub events",
  description:
    "Full-text search over the stored events' titles, bodies, comments, review texts, commit messages and summaries (newest first). " +
    "Use it to find when something was discussed or changed, e.g. a bug name, a file, a feature. Every word must match; end a word with * to match a prefix. " +
    'Combine with the same filters as get_recent_events. Example: {"query": "login timeout", "repository": "octo-org/hello", "event_type": "issue_comment"}.',
  inputSchema: {
    query: z.string().min(1, { error: "must not be empty: give the words to look for" }).max(500).describe('Words to find, e.g. "flaky test" or "deploy*".'),
    ...eventFilterInput,
    limit: limitInput(20, 100),
    cursor: cursorInput.optional(),
    detail: detailInput,
  },
  outputSchema: eventPageOutput,
  annotations: { title: "Search GitHub events", readOnlyHint: true, openWorldHint: false },
  run: async (args, { db, scope }) => {
    const page = await searchStoredEvents(db, scope, args.query, toEventFilter(args), { limit: args.limit, ...(args.cursor && { cursor: args.cursor }) });
    return { events: listed(page.events.map((record) => record.event), args.detail), count: page.events.length, next_cursor: page.nextCursor };
  },
  text: listText,
});
