import { z } from "zod";
import { eventSchemaFor } from "../normalize/event-schema.js";

/** The normalized event as tools return it. */
export const eventSchema = eventSchemaFor("pass it to get_event_by_id");

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
