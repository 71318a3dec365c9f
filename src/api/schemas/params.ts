import { z } from "zod";
import { EVENT_NAME } from "../../query/validate.js";

/** Query and path values arrive as strings: a whole number is digits only ("0x10", "1e2" and " 5" are refused). */
export const integerParam = (min: number, max: number, what: string) =>
  z.preprocess(
    (value) => (typeof value === "string" && /^\d{1,15}$/.test(value) ? Number(value) : value),
    z
      .number({ error: `must be a whole number (${what})` })
      .int({ error: `must be a whole number (${what})` })
      .min(min, { error: `must be at least ${min}` })
      .max(max, { error: `must be at most ${max}` }),
  );

export const booleanParam = z.enum(["true", "false"], { error: 'must be "true" or "false"' }).transform((value) => value === "true");

export const isoDateParam = (what: string) =>
  z.iso
    .datetime({ offset: true, error: 'must be an ISO 8601 date-time such as "2026-11-21T09:00:00Z"' })
    .transform((value) => new Date(value))
    .describe(`${what} (ISO 8601, e.g. "2026-11-21T09:00:00Z").`);

export const repositoryParam = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9-]*\/[A-Za-z0-9._-]+$/, { error: 'must be "owner/name", e.g. "octo-org/hello"' })
  .describe('Repository as "owner/name" (case-insensitive), e.g. "octo-org/hello".');

export const limitParam = (fallback: number, max: number) => integerParam(1, max, `1 to ${max}`).default(fallback).describe(`How many to return (1–${max}, default ${fallback}).`);

/** The filters of every event list and of the stream. */
export const eventFilterParams = {
  event_type: z
    .string()
    .regex(EVENT_NAME, { error: 'must be a webhook event name in snake_case, e.g. "pull_request"' })
    .optional()
    .describe('GitHub event name, e.g. "pull_request", "issues", "push", "workflow_run".'),
  action: z.string().regex(EVENT_NAME, { error: 'must be an action in snake_case, e.g. "opened"' }).optional().describe('The action, e.g. "opened", "closed", "completed".'),
  repository: repositoryParam.optional(),
  actor: z
    .string()
    .regex(/^@?[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\[bot\])?$/, { error: 'must be a GitHub login, e.g. "octocat" or "dependabot[bot]"' })
    .optional()
    .describe("Login of who did it (case-insensitive)."),
};

export const periodParams = {
  since: isoDateParam("Only events at or after this time").optional(),
  until: isoDateParam("Only events before this time").optional(),
};

/** A resource name (subscription, token): what the CLI accepts. */
export const nameParam = (what: string) =>
  z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, { error: `must be a ${what} name: 1 to 64 letters, digits, ".", "_" or "-"` })
    .describe(`The ${what}'s name.`);
