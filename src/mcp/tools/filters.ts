import type { EventFilter } from "../../query/types.js";
import { ToolError } from "../tool.js";

interface FilterArgs {
  event_type?: string | undefined;
  action?: string | undefined;
  repository?: string | undefined;
  actor?: string | undefined;
  since?: string | undefined;
  until?: string | undefined;
}

/** The tools' snake_case filter arguments as the query layer's EventFilter. */
export function toEventFilter(args: FilterArgs): EventFilter {
  const since = args.since === undefined ? undefined : new Date(args.since);
  const until = args.until === undefined ? undefined : new Date(args.until);
  if (since && until && since >= until) throw new ToolError(`since (${args.since}) must be before until (${args.until}); swap them or drop one.`);
  return {
    ...(args.event_type !== undefined && { eventType: args.event_type }),
    ...(args.action !== undefined && { action: args.action }),
    ...(args.repository !== undefined && { repository: args.repository }),
    ...(args.actor !== undefined && { actor: args.actor }),
    ...(since && { since }),
    ...(until && { until }),
  };
}
