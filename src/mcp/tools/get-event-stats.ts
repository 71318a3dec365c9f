import { z } from "zod";
import { eventStats } from "../../query/event-stats.js";
import { isoDateInput, repositoryInput } from "../schemas.js";
import { defineTool } from "../tool.js";
import { toEventFilter } from "./filters.js";

export const getEventStats = defineTool({
  name: "get_event_stats",
  title: "GitHub event statistics",
  description:
    "Count the stored events: the total, by event type and by repository, with the first and last event time. " +
    "Use it to see how busy the organization or one repository is, or which kinds of activity dominate a period. " +
    'Example: {"since": "2026-11-20T00:00:00Z", "repository": "octo-org/hello"}.',
  inputSchema: {
    since: isoDateInput("Count events at or after this time").optional(),
    until: isoDateInput("Count events before this time").optional(),
    repository: repositoryInput.optional(),
  },
  outputSchema: {
    total_events: z.number(),
    event_types: z.record(z.string(), z.number()).describe("Event type → count, largest first."),
    unique_repositories: z.number(),
    repositories: z.record(z.string(), z.number()).describe("Repository → count, largest first."),
    first_event_at: z.string().nullable(),
    last_event_at: z.string().nullable(),
  },
  annotations: { title: "GitHub event statistics", readOnlyHint: true, openWorldHint: false },
  run: async (args, { db, scope }) => {
    const { since, until, repository } = toEventFilter(args);
    return eventStats(db, scope, { ...(since && { since }), ...(until && { until }), ...(repository && { repository }) });
  },
});
