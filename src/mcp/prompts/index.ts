import { completable, ProtocolError, ProtocolErrorCode, type GetPromptResult, type McpServer } from "@modelcontextprotocol/server";
import { z } from "zod";
import { activityDigest } from "../../query/activity-digest.js";
import { QueryError } from "../../query/errors.js";
import { recentEvents } from "../../query/recent-events.js";
import { reviewQueue } from "../../query/review-queue.js";
import { completionsFor } from "../completions.js";
import type { McpContext } from "../context.js";

const DAY_MS = 24 * 60 * 60 * 1000;
const REVIEW_WINDOW_DAYS = 30;
const RECENT_PROMPT_EVENTS = 30;

type Completions = ReturnType<typeof completionsFor>;

const repositoryArgument = (complete: Completions) =>
  completable(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9-]*\/[A-Za-z0-9._-]+$/, { error: 'must be "owner/name"' }), complete.repository)
    .optional()
    .describe('Only this repository, as "owner/name".');

function userMessage(text: string): GetPromptResult {
  return { messages: [{ role: "user", content: { type: "text", text } }] };
}

/** A mistake in the arguments is the protocol's invalid-params error, with a sentence on how to fix it. */
async function prompting(work: () => Promise<GetPromptResult>): Promise<GetPromptResult> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof QueryError) throw new ProtocolError(ProtocolErrorCode.InvalidParams, error.message);
    throw error;
  }
}

function parseDate(value: string, name: string): Date {
  const date = new Date(value);
  if (Number.isNaN(date.getTime()))
    throw new ProtocolError(
      ProtocolErrorCode.InvalidParams,
      `${name} must be an ISO 8601 date or date-time, e.g. "2026-11-20" or "2026-11-20T09:00:00Z"; got ${JSON.stringify(value)}.`,
    );
  return date;
}

/** Registers every Code Buddy prompt on a session's server. Each embeds the data it is about, read through the scoped query layer. */
export function registerPrompts(server: McpServer, { db, scope, clock }: McpContext): void {
  const complete = completionsFor({ db, scope });
  server.registerPrompt(
    "daily_digest",
    {
      title: "Daily digest",
      description: "Summarize one day of GitHub activity (default: the last 24 hours) for a stand-up: what shipped, what is in review, what broke.",
      argsSchema: z.object({ date: z.string().optional().describe('The day, e.g. "2026-11-20" (UTC); default: the last 24 hours.'), repository: repositoryArgument(complete) }),
    },
    ({ date, repository }) =>
      prompting(async () => {
        const since = date ? parseDate(date, "date") : new Date(clock().getTime() - DAY_MS);
        const until = date ? new Date(since.getTime() + DAY_MS) : clock();
        const digest = await activityDigest(db, scope, { since, until, ...(repository && { repository }) });
        return userMessage(
          `Write a short stand-up digest of this GitHub activity between ${digest.since} and ${digest.until}${repository ? ` in ${repository}` : ""}. ` +
            "Lead with what shipped (merged pull requests, releases), then what is open or in review, then failures that need someone (failed CI). " +
            "Name people and link numbers; skip empty sections; say so plainly if nothing happened. Use get_thread or get_recent_events for details you need.\n\n" +
            JSON.stringify(digest),
        );
      }),
  );

  server.registerPrompt(
    "review_queue",
    {
      title: "Review queue",
      description: `Open pull requests waiting on review (not drafts, not yet approved), longest waiting first, from the last ${REVIEW_WINDOW_DAYS} days of events.`,
      argsSchema: z.object({ repository: repositoryArgument(complete) }),
    },
    ({ repository }) =>
      prompting(async () => {
        const waiting = await reviewQueue(db, scope, { since: new Date(clock().getTime() - REVIEW_WINDOW_DAYS * DAY_MS), ...(repository && { repository }) });
        return userMessage(
          `These ${waiting.length} pull requests${repository ? ` in ${repository}` : ""} are open and waiting on review. ` +
            "List them longest-waiting first with who is asked to review, and suggest which to look at first and why. " +
            "Call get_thread with a repository and number to see a pull request's discussion and CI before judging it.\n\n" +
            JSON.stringify({ pull_requests: waiting }),
        );
      }),
  );

  server.registerPrompt(
    "what_changed_since",
    {
      title: "What changed since",
      description: "Everything that happened on GitHub since a given time, grouped by repository.",
      argsSchema: z.object({
        since: z.string().describe('When to start, e.g. "2026-11-20T17:00:00Z" (for example when you last worked).'),
        repository: repositoryArgument(complete),
      }),
    },
    ({ since, repository }) =>
      prompting(async () => {
        const start = parseDate(since, "since");
        const digest = await activityDigest(db, scope, { since: start, until: clock(), ...(repository && { repository }) });
        return userMessage(
          `Tell me what changed on GitHub since ${digest.since}${repository ? ` in ${repository}` : ""}, most important first: ` +
            "merged and opened pull requests, new and closed issues, releases, failed CI, then anything else worth knowing. Be brief; offer to drill down.\n\n" +
            JSON.stringify(digest),
        );
      }),
  );

  server.registerPrompt(
    "recent_events",
    {
      title: "Recent events of a kind",
      description: `The ${RECENT_PROMPT_EVENTS} newest events of one type and action (e.g. pull_request opened, workflow_run completed), optionally in one repository, to summarize.`,
      argsSchema: z.object({
        event_type: completable(z.string(), complete.eventType).optional().describe('GitHub event name, e.g. "pull_request".'),
        action: completable(z.string(), complete.action).optional().describe('The action, e.g. "opened".'),
        repository: repositoryArgument(complete),
      }),
    },
    ({ event_type, action, repository }) =>
      prompting(async () => {
        const filter = { ...(event_type && { eventType: event_type }), ...(action && { action }), ...(repository && { repository }) };
        const page = await recentEvents(db, scope, filter, { limit: RECENT_PROMPT_EVENTS });
        const kind = [event_type, action].filter(Boolean).join(" ") || "all";
        const events = page.events.map(({ event }) => ({ delivery_id: event.delivery_id, at: event.timestamp, summary: event.summary, url: event.subject?.url ?? null }));
        return userMessage(
          `Summarize these ${events.length} newest GitHub events (${kind})${repository ? ` in ${repository}` : ""}, newest first: what they add up to, and what needs someone. ` +
            "Use get_event_by_id or get_thread for details.\n\n" +
            JSON.stringify({ events }),
        );
      }),
  );
}
