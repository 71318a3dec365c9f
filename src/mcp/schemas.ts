import { z } from "zod";

/**
 * The schemas the tools share. Every byte of a definition sits in a model's
 * context on every step of some hosts (Letta), so descriptions say only what
 * the name and type do not; tools/list is asserted to stay within a budget
 * (test/mcp/tool-definitions.test.ts).
 */

/** The normalized event, whole only in get_event_by_id; bare of descriptions, since its field names say what they hold. */
export { eventSchema } from "../normalize/event-schema.js";

/** An event as lists return it by default (compact-event.ts). */
export const compactEventSchema = z.object({
  delivery_id: z.string(),
  at: z.string(),
  type: z.string(),
  action: z.string().optional(),
  repository: z.string().optional(),
  actor: z.string().optional(),
  number: z.number().optional(),
  summary: z.string(),
});

/**
 * A listed event with detail "full": get_event_by_id's schema describes it whole, so lists only point to it,
 * requiring the one key that tells it from a compact event (which a schema taking any object would not check).
 */
export const fullEventReference = z
  .record(z.string(), z.unknown())
  .refine((event) => typeof event.event_type === "string", { error: "a full event has an event_type" })
  .meta({ description: "detail full: as get_event_by_id", required: ["event_type"] });

export const listedEventSchema = z.union([compactEventSchema, fullEventReference]);

export const detailInput = z.enum(["compact", "full"]).default("compact");

const REPOSITORY = /^[A-Za-z0-9][A-Za-z0-9-]*\/[A-Za-z0-9._-]+$/;

/** Checked by a refinement rather than a pattern: "owner/name" tells a model as much as the regular expression, in 3 tokens instead of 25. */
export const repositoryInput = z
  .string()
  .refine((name) => REPOSITORY.test(name), { error: 'must be "owner/name", e.g. "octo-org/hello"' })
  .describe("owner/name");

export const dateInput = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time such as "2026-11-21T09:00:00Z"' });

/** since/until of every tool that takes a period. */
export const periodInput = {
  since: dateInput.optional(),
  until: dateInput.optional().describe("exclusive"),
};

export const limitInput = (fallback: number, max: number) =>
  z
    .number()
    .int({ error: "must be a whole number" })
    .min(1, { error: "must be at least 1" })
    .max(max, { error: `must be at most ${max}; page with next_cursor for more` })
    .default(fallback);

export const cursorInput = z.string().min(1).describe("next_cursor of the previous page");

/** Filters shared by get_recent_events and search_events (get_unread_events takes two of them). */
export const eventFilterInput = {
  event_type: z.string().min(1).optional().describe("e.g. pull_request"),
  action: z.string().min(1).optional().describe("e.g. opened"),
  repository: repositoryInput.optional(),
  actor: z.string().min(1).optional().describe("login"),
  ...periodInput,
};

export const eventPageOutput = {
  events: z.array(listedEventSchema),
  count: z.number(),
  next_cursor: z.string().nullable().describe("null at the end"),
};
