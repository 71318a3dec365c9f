import { z } from "zod";
import { readPosition } from "../../query/unread-events.js";
import { waitForEvents as waitForStoredEvents } from "../../query/wait-for-events.js";
import { COMPACT_COLUMNS } from "../compact-event.js";
import { detailInput, eventFilterInput, limitInput } from "../schemas.js";
import { defineTool } from "../tool.js";
import { toEventFilter } from "./filters.js";
import { consumerInput, consumerOf, positioned, positionedEventsOutput } from "./get-unread-events.js";
import { listText } from "./listed-events.js";

export const MAX_WAIT_SECONDS = 55;

export const waitForEvents = defineTool({
  name: "wait_for_events",
  title: "Wait for GitHub events",
  description:
    "Block until a new event matching the filters is stored, then return it (oldest first), or return none after timeout_seconds. " +
    "For agent loops without resource notifications: wait, handle, call again with the returned cursor (or mark_events_read it). " +
    "Starts after cursor, else after your read position (as get_unread_events). " +
    'Example: {"event_type": "pull_request", "repository": "octo-org/hello", "timeout_seconds": 50}.',
  inputSchema: {
    ...eventFilterInput,
    cursor: z.number().int().nonnegative().optional().describe("A cursor this tool or get_unread_events returned."),
    consumer: consumerInput,
    timeout_seconds: z.number().int().min(1).max(MAX_WAIT_SECONDS, { error: `must be at most ${MAX_WAIT_SECONDS}; call again to wait longer` }).default(30).describe(`At most ${MAX_WAIT_SECONDS}.`),
    limit: limitInput(20, 100),
    detail: detailInput,
  },
  outputSchema: {
    ...positionedEventsOutput,
    cursor: z.number().describe("Pass back as cursor, or to mark_events_read."),
    timed_out: z.boolean(),
  },
  annotations: { readOnlyHint: true, openWorldHint: false },
  run: async (args, { db, scope, clock, events: stored }, call) => {
    const filter = toEventFilter(args);
    const after = args.cursor ?? (await readPosition(db, scope, consumerOf(args.consumer, scope, call), clock()));
    const found = await waitForStoredEvents(db, scope, stored, after, { limit: args.limit, filter, timeoutMs: args.timeout_seconds * 1000, signal: call.signal, clock });
    const events = positioned(found.events, args.detail);
    return { events, count: events.length, cursor: found.cursor, timed_out: found.timedOut };
  },
  text: (output, args) => listText(output, args, ["id", ...COMPACT_COLUMNS]),
});
