import { z } from "zod";
import { activityDigest } from "../../query/activity-digest.js";
import { periodInput, repositoryInput } from "../schemas.js";
import { defineTool } from "../tool.js";
import { toEventFilter } from "./filters.js";

const DAY_MS = 24 * 60 * 60 * 1000;

const by = z.string().nullable();
const item = z.union([
  z.object({ number: z.number(), title: z.string(), by }),
  z.object({ tag: z.string(), name: z.string().optional(), by }),
  z.object({ branch: z.string(), pushes: z.number(), commits: z.number() }),
  z.object({ kind: z.string(), name: z.string(), branch: z.string().nullable(), conclusion: z.string(), failures: z.number() }),
]);
/** Every list of the digest (digest-lists.ts): one definition ($defs) in the JSON Schema, its items a pull request or issue, a release, a branch or a failed run. */
const list = z.object({ count: z.number(), items: z.array(item).optional(), more: z.number().optional() }).optional().meta({ id: "list" });

const repositoryActivity = z.object({
  name: z.string(),
  events: z.number(),
  pull_requests: z.object({ opened: list, merged: list, closed_unmerged: list }).optional(),
  issues: z.object({ opened: list, closed: list }).optional(),
  releases: list,
  pushes: z.object({ count: z.number(), commits: z.number(), branches: list }).optional(),
  failed_ci: list,
  other: z.record(z.string(), z.number()).optional().describe("other events: top 5 types"),
  other_more: z.object({ types: z.number(), events: z.number() }).optional().describe("the rest"),
  filter: z.object({ repository: z.string() }).optional(),
});

export const getActivityDigest = defineTool({
  name: "get_activity_digest",
  title: "Activity digest",
  description:
    "A period (default: last 24 hours) per repository: PRs opened/merged/closed, issues, releases, pushes, failed CI, the rest counted; about 2,000 tokens at most. " +
    "Use it for \"what happened today / this week\" and stand-ups; drill down with get_recent_events or get_thread. " +
    'Example: {"since": "2026-11-20T00:00:00Z", "until": "2026-11-21T00:00:00Z"}',
  inputSchema: { ...periodInput, repository: repositoryInput.optional() },
  outputSchema: {
    since: z.string(),
    until: z.string(),
    total_events: z.number(),
    repositories: z.array(repositoryActivity).describe("most active first"),
    other_repositories: z.record(z.string(), z.number()).optional(),
    more_repositories: z.number().optional(),
    drill_down: z.string(),
    capped: z.object({ listed_events: z.number(), read: z.number(), note: z.string() }).optional(),
  },
  annotations: { readOnlyHint: true, openWorldHint: false },
  run: async (args, { db, scope, clock }) => {
    const filter = toEventFilter(args);
    const until = filter.until ?? clock();
    const since = filter.since ?? new Date(until.getTime() - DAY_MS);
    return activityDigest(db, scope, { since, until, ...(filter.repository && { repository: filter.repository }) });
  },
});
