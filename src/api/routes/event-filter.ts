import type { EventFilter } from "../../query/types.js";
import { ApiError } from "../api-error.js";

interface FilterQuery {
  event_type?: string | undefined;
  action?: string | undefined;
  repository?: string | undefined;
  actor?: string | undefined;
  since?: Date | undefined;
  until?: Date | undefined;
}

/** A period whose end is not after its start selects nothing: say so rather than answer an empty list. */
export function checkPeriod(since: Date | undefined, until: Date | undefined): void {
  if (since && until && since >= until)
    throw new ApiError(400, "invalid_parameter", `since (${since.toISOString()}) must be before until (${until.toISOString()}); swap them or drop one.`, "since");
}

/** The API's snake_case filter parameters as the query layer's EventFilter. */
export function toEventFilter(query: FilterQuery): EventFilter {
  checkPeriod(query.since, query.until);
  return {
    ...(query.event_type !== undefined && { eventType: query.event_type }),
    ...(query.action !== undefined && { action: query.action }),
    ...(query.repository !== undefined && { repository: query.repository }),
    ...(query.actor !== undefined && { actor: query.actor.replace(/^@/, "") }),
    ...(query.since && { since: query.since }),
    ...(query.until && { until: query.until }),
  };
}
