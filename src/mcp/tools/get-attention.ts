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
  title: "What needs a person",
  description:
    "The issues and pull requests that need a GitHub login, newest first, like GitHub notifications: review requested, assigned, @mentioned, replies on threads they opened (author) or commented on (comment), " +
    "their pull requests' failed CI (ci_activity), changes requested or a thread they are in closed or reopened (state_change). unread: something arrived after your read position (mark_events_read moves it). " +
    'Use it for "what should I look at". Example: {"login": "octocat", "unread_only": true}.',
  inputSchema: {
    login: z.string().min(1).max(100).optional().describe("GitHub login (default: the token's --login, or who signed in)."),
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
        reasons: z.array(z.string()).describe("Every reason it has, in that order."),
        unread: z.boolean(),
        updated_at: z.string(),
        delivery_id: z.string(),
        summary: z.string().describe("The latest event that needs them (delivery_id, updated_at)."),
      }),
    ),
    count: z.number(),
    unread: z.number().describe("Threads with something unread."),
    cursor: z.number().describe("Your read position."),
    truncated: z.boolean().describe("Too many events: only the newest were read."),
  },
  annotations: { readOnlyHint: true, openWorldHint: false },
  run: async (args, { db, scope, clock }, call) => {
    const login = args.login ?? scope.login ?? null;
    if (login === null) throw new ToolError('Whose attention? Pass login, e.g. {"login": "octocat"} (or create the token with --login).');
    const now = clock();
    const { since = new Date(now.getTime() - WEEK_MS), repository } = toEventFilter(args);
    const found = await attention(db, scope, login, { since, ...(repository && { repository }), consumer: consumerOf(args.consumer, scope, call), unreadOnly: args.unread_only, limit: args.limit, now });
    return { ...found, count: found.items.length };
  },
});
