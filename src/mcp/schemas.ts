import { z } from "zod";

/** The normalized event as tools return it (src/normalize/types.ts NormalizedEvent). */
export const eventSchema = z.object({
  delivery_id: z.string().describe("GitHub's X-GitHub-Delivery id (events-api:<id> for a polled event); pass it to get_event_by_id."),
  source: z.enum(["webhook", "events-api", "backfill"]).describe("How Code Buddy learned of it: a webhook, a poll of GitHub's Events API, or an import of history."),
  event_type: z.string().describe('GitHub event name, e.g. "pull_request".'),
  action: z.string().nullable(),
  timestamp: z.string().describe("When Code Buddy received it, or for a polled event when it happened on GitHub (ISO 8601)."),
  installation_id: z.number().nullable(),
  repository: z.object({ id: z.number(), name: z.string(), full_name: z.string(), private: z.boolean(), url: z.string() }).nullable(),
  sender: z.object({ login: z.string(), id: z.number(), type: z.string() }).nullable(),
  organization: z.object({ login: z.string(), id: z.number() }).nullable(),
  subject: z
    .object({ type: z.string(), number: z.number().nullable(), title: z.string().nullable(), state: z.string().nullable(), url: z.string().nullable() })
    .nullable()
    .describe("What the event is about: an issue, a pull request, a release, a workflow run…"),
  summary: z.string().describe("One line a human would write."),
  details: z.record(z.string(), z.unknown()).describe("The few fields of this event family an agent needs (bounded)."),
  mentions: z.array(z.string()).describe("@logins mentioned in the texts this event introduced."),
});

export const repositoryInput = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9-]*\/[A-Za-z0-9._-]+$/, { error: 'must be "owner/name", e.g. "octo-org/hello"' })
  .describe('Repository as "owner/name" (case-insensitive), e.g. "octo-org/hello".');

export const isoDateInput = (what: string) =>
  z.iso
    .datetime({ offset: true, error: 'must be an ISO 8601 date-time such as "2026-11-21T09:00:00Z"' })
    .describe(`${what} (ISO 8601, e.g. "2026-11-21T09:00:00Z").`);

export const limitInput = (fallback: number, max: number) =>
  z
    .number()
    .int({ error: "must be a whole number" })
    .min(1, { error: "must be at least 1" })
    .max(max, { error: `must be at most ${max}; page with next_cursor for more` })
    .default(fallback)
    .describe(`How many to return (1–${max}, default ${fallback}).`);

export const cursorInput = z.string().min(1).describe("next_cursor from the previous page; omit for the newest.");

/** Filters shared by get_recent_events, search_events and get_unread_events. */
export const eventFilterInput = {
  event_type: z.string().min(1).optional().describe('GitHub event name, e.g. "pull_request", "issues", "push", "workflow_run".'),
  action: z.string().min(1).optional().describe('The action, e.g. "opened", "closed", "completed".'),
  repository: repositoryInput.optional(),
  actor: z.string().min(1).optional().describe("Login of who did it (case-insensitive)."),
  since: isoDateInput("Only events at or after this time").optional(),
  until: isoDateInput("Only events before this time").optional(),
};

export const eventPageOutput = {
  events: z.array(eventSchema),
  count: z.number().describe("Events in this page."),
  next_cursor: z.string().nullable().describe("Pass as cursor for older events; null when there are none."),
};
