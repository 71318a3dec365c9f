import { z } from "zod";
import { activityDigest } from "../../query/activity-digest.js";
import { isoDateInput, repositoryInput } from "../schemas.js";
import { defineTool } from "../tool.js";
import { toEventFilter } from "./filters.js";

const DAY_MS = 24 * 60 * 60 * 1000;

const thread = z.object({ number: z.number(), title: z.string(), by: z.string().nullable() });
const list = <T extends z.ZodType>(item: T) => z.object({ count: z.number(), items: z.array(item).optional(), more: z.number().optional() });

const repositoryActivity = z.object({
  name: z.string(),
  events: z.number(),
  pull_requests: z.object({ opened: list(thread).optional(), merged: list(thread).optional(), closed_unmerged: list(thread).optional() }).optional(),
  issues: z.object({ opened: list(thread).optional(), closed: list(thread).optional() }).optional(),
  releases: list(z.object({ tag: z.string(), name: z.string().optional(), by: z.string().nullable() })).optional(),
  pushes: z.object({ count: z.number(), commits: z.number(), branches: list(z.object({ branch: z.string(), pushes: z.number(), commits: z.number() })).optional() }).optional(),
  failed_ci: list(z.object({ kind: z.string(), name: z.string(), branch: z.string().nullable(), conclusion: z.string(), failures: z.number() })).optional(),
  other: z.record(z.string(), z.number()).optional().describe("Events in no list above, by event type: the most frequent types…"),
  other_more: z.object({ types: z.number(), events: z.number() }).optional().describe("…and how many events of how many further types."),
  filter: z.object({ repository: z.string() }).optional().describe("Pass to get_recent_events with since/until to see all of them."),
});

export const getActivityDigest = defineTool({
  name: "get_activity_digest",
  title: "Activity digest",
  description:
    "A grouped summary of a period (default: the last 24 hours), per repository: pull requests opened / merged / closed, issues opened / closed, releases, pushes with commit counts per branch, failed CI runs, and counts of everything else. " +
    "Bounded to about 2,000 tokens however busy the period; counts stay exact and each list says how many were left out. " +
    "Use it for \"what happened today / this week\" and stand-up summaries, then drill down with get_recent_events or get_thread. " +
    'Example: {"since": "2026-11-20T00:00:00Z", "until": "2026-11-21T00:00:00Z"}.',
  inputSchema: {
    since: isoDateInput("Start of the period (default: 24 hours before until)").optional(),
    until: isoDateInput("End of the period (default: now)").optional(),
    repository: repositoryInput.optional(),
  },
  outputSchema: {
    since: z.string(),
    until: z.string(),
    total_events: z.number(),
    repositories: z.array(repositoryActivity).describe("The most active repositories, most events first."),
    other_repositories: z.record(z.string(), z.number()).optional(),
    more_repositories: z.number().optional(),
    drill_down: z.string(),
    capped: z.object({ listed_events: z.number(), read: z.number(), note: z.string() }).optional(),
  },
  annotations: { title: "Activity digest", readOnlyHint: true, openWorldHint: false },
  run: async (args, { db, scope, clock }) => {
    const filter = toEventFilter(args);
    const until = filter.until ?? clock();
    const since = filter.since ?? new Date(until.getTime() - DAY_MS);
    return activityDigest(db, scope, { since, until, ...(filter.repository && { repository: filter.repository }) });
  },
});
