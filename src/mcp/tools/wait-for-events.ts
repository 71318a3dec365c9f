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
  description:
    "Long poll: matching events after cursor (default: your read position) once there is one, or none after timeout_seconds. " +
    "Use it in agent loops without notifications; call again with the cursor. " +
    'Example: {"event_type": "pull_request"}',
  inputSchema: {
    event_type: eventFilterInput.event_type,
    action: eventFilterInput.action,
    repository: eventFilterInput.repository,
    actor: eventFilterInput.actor,
    cursor: z.number().int().nonnegative().optional().describe("from this tool or get_unread_events"),
    consumer: consumerInput,
    timeout_seconds: z
      .number()
      .int()
      .min(1)
      .max(MAX_WAIT_SECONDS, { error: `must be at most ${MAX_WAIT_SECONDS}; call again to wait longer` })
      .default(30),
    limit: limitInput(20, 100),
    detail: detailInput,
  },
  outputSchema: {
    ...positionedEventsOutput,
    cursor: z.number().describe("for the next call or mark_events_read"),
    timed_out: z.boolean(),
  },
  annotations: { readOnlyHint: true },
  run: async (args, { db, scope, clock, events: stored }, call) => {
    const filter = toEventFilter(args);
    const after = args.cursor ?? (await readPosition(db, scope, consumerOf(args.consumer, scope, call), clock()));
    const found = await waitForStoredEvents(db, scope, stored, after, { limit: args.limit, filter, timeoutMs: args.timeout_seconds * 1000, signal: call.signal, clock });
    const events = positioned(found.events, args.detail);
    return { events, count: events.length, cursor: found.cursor, timed_out: found.timedOut };
  },
  text: (output, args) => listText(output, args, ["id", ...COMPACT_COLUMNS]),
});
