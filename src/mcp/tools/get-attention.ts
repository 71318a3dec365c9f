import { z } from "zod";
import { attention } from "../../query/attention.js";
import { REASON_ORDER } from "../../query/attention-threads.js";
import { eventFilterInput, limitInput } from "../schemas.js";
import { defineTool, ToolError } from "../tool.js";
import { toEventFilter } from "./filters.js";
import { consumerInput, consumerOf } from "./get-unread-events.js";

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;
const reason = z.enum(REASON_ORDER as [string, ...string[]]);

export const getAttention = defineTool({
  name: "get_attention",
  description:
    "Issues and PRs needing a login, newest first; reasons as in GitHub notifications (author/comment: replies on their threads; " +
    "ci_activity: failed CI; state_change: changes requested, closed, reopened). " +
    'Use it for "what should I look at". Example: {"login": "octocat"}',
  inputSchema: {
    login: z.string().min(1).max(100).optional().describe("default: the token's login"),
    since: eventFilterInput.since,
    repository: eventFilterInput.repository,
    unread_only: z.boolean().default(false),
    consumer: consumerInput,
    limit: limitInput(20, 100),
  },
  outputSchema: {
    login: z.string(),
    items: z.array(
      z.object({
        repository: z.string(),
        number: z.number(),
        kind: z.enum(["issue", "pull_request"]),
        title: z.string().nullable(),
        url: z.string().nullable(),
        state: z.string().nullable(),
        reason,
        reasons: z.array(z.string()).describe("all it has, in that order"),
        unread: z.boolean(),
        updated_at: z.string(),
        delivery_id: z.string(),
        summary: z.string().describe("of the latest event needing them"),
      }),
    ),
    count: z.number(),
    unread: z.number().describe("unread threads"),
    cursor: z.number().describe("your read position"),
    truncated: z.boolean().describe("only the newest events were read"),
  },
  annotations: { readOnlyHint: true },
  run: async (args, { db, scope, clock }, call) => {
    const login = args.login ?? scope.login ?? null;
    if (login === null) throw new ToolError('Whose attention? Pass login, e.g. {"login": "octocat"} (or create the token with --login).');
    const now = clock();
    const { since = new Date(now.getTime() - WEEK_MS), repository } = toEventFilter(args);
    const found = await attention(db, scope, login, {
      since,
      ...(repository && { repository }),
      consumer: consumerOf(args.consumer, scope, call),
      unreadOnly: args.unread_only,
      limit: args.limit,
      now,
    });
    return { ...found, count: found.items.length };
  },
});
