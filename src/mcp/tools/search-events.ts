import { z } from "zod";
import { searchEvents as searchStoredEvents } from "../../query/search-events.js";
import { cursorInput, detailInput, eventFilterInput, eventPageOutput, limitInput } from "../schemas.js";
import { defineTool } from "../tool.js";
import { toEventFilter } from "./filters.js";
import { listed, listText } from "./listed-events.js";

export const searchEvents = defineTool({
  name: "search_events",
  description:
    "Full-text search of titles, bodies, comments, reviews and commit messages, newest first; all words must match, word* is a prefix. " +
    "Use it to find when something was discussed. " +
    'Example: {"query": "login timeout"}',
  inputSchema: {
    query: z.string().min(1, { error: "must not be empty: give the words to look for" }).max(500),
    ...eventFilterInput,
    limit: limitInput(20, 100),
    cursor: cursorInput.optional(),
    detail: detailInput,
  },
  outputSchema: eventPageOutput,
  annotations: { readOnlyHint: true },
  run: async (args, { db, scope }) => {
    const page = await searchStoredEvents(db, scope, args.query, toEventFilter(args), { limit: args.limit, ...(args.cursor && { cursor: args.cursor }) });
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
