import { z } from "zod";
import { eventStats } from "../../query/event-stats.js";
import { periodInput, repositoryInput } from "../schemas.js";
import { defineTool } from "../tool.js";
import { toEventFilter } from "./filters.js";

export const getEventStats = defineTool({
  name: "get_event_stats",
  description: "Event counts: total, by type, by repository. Use it to see how busy a period or repository is. " + 'Example: {"since": "2026-11-20T00:00:00Z"}',
  inputSchema: {
    ...periodInput,
    repository: repositoryInput.optional(),
  },
  outputSchema: {
    total_events: z.number(),
    event_types: z.record(z.string(), z.number()),
    unique_repositories: z.number(),
    repositories: z.record(z.string(), z.number()),
    first_event_at: z.string().nullable(),
    last_event_at: z.string().nullable(),
  },
  annotations: { readOnlyHint: true },
  run: async (args, { db, scope }) => {
    const { since, until, repository } = toEventFilter(args);
    return eventStats(db, scope, { ...(since && { since }), ...(until && { until }), ...(repository && { repository }) });
  },
});
