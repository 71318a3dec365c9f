import { z } from "zod";
import { activityDigest } from "../../query/activity-digest.js";
import { periodInput, repositoryInput } from "../schemas.js";
import { defineTool } from "../tool.js";
import { toEventFilter } from "./filters.js";

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * An item of a digest list: a pull request or issue (number, title, by), a release (tag, name, by), a branch
 * (branch, pushes, commits) or a failed run (kind, name, branch, conclusion, failures), as digest-lists.ts types
 * them. One object of every field rather than a union of four: the list it is in says which it is, and each
 * field's type is declared at 60 tokens fewer in every tools/list.
 */
const item = z.object({
  number: z.number().optional(),
  title: z.string().optional(),
  by: z.string().nullable().optional(),
  tag: z.string().optional(),
  name: z.string().optional(),
  branch: z.string().nullable().optional(),
  pushes: z.number().optional(),
  commits: z.number().optional(),
  kind: z.string().optional(),
  conclusion: z.string().optional(),
  failures: z.number().optional(),
});
/** Every list of the digest (digest-lists.ts): one definition ($defs) in the JSON Schema. */
const list = z
  .object({ count: z.number(), items: z.array(item).optional(), more: z.number().optional() })
  .optional()
  .meta({ id: "list" });

const repositoryActivity = z.object({
  name: z.string(),
  events: z.number(),
  pull_requests: z.object({ opened: list, merged: list, closed_unmerged: list }).optional(),
  issues: z.object({ opened: list, closed: list }).optional(),
  releases: list,
  pushes: z.object({ count: z.number(), commits: z.number(), branches: list }).optional(),
  failed_ci: list,
  other: z.record(z.string(), z.number()).optional().describe("top 5 other types"),
  other_more: z.object({ types: z.number(), events: z.number() }).optional().describe("the rest"),
  filter: z.object({ repository: z.string() }).optional(),
});

export const getActivityDigest = defineTool({
  name: "get_activity_digest",
  description:
    "Per repository over a period (default: last 24 hours): PRs, issues, releases, pushes, failed CI, the rest counted. " +
    'Use it for "what happened today / this week". ' +
    'Example: {"since": "2026-11-20T00:00:00Z"}',
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
  annotations: { readOnlyHint: true },
  run: async (args, { db, scope, clock }) => {
    const filter = toEventFilter(args);
    const until = filter.until ?? clock();
    const since = filter.since ?? new Date(until.getTime() - DAY_MS);
    return activityDigest(db, scope, { since, until, ...(filter.repository && { repository: filter.repository }) });
  },
});
