import { z } from "zod";
import { eventByDeliveryId } from "../../query/event-by-delivery-id.js";
import { eventSchema } from "../schemas.js";
import { defineTool, ToolError } from "../tool.js";

export const getEventById = defineTool({
  name: "get_event_by_id",
  description:
    "One event whole, and on request its raw payload (10-30 KB). " +
    "Use it when a listed summary is not enough, e.g. for a comment body. " +
    'Example: {"delivery_id": "<from a list>"}',
  inputSchema: {
    delivery_id: z.string().min(1).max(200),
    include_payload: z.boolean().default(false),
  },
  outputSchema: {
    event: eventSchema,
    payload: z.unknown().optional().describe("as GitHub sent it"),
  },
  annotations: { readOnlyHint: true },
  run: async ({ delivery_id, include_payload }, { db, scope }) => {
    const found = await eventByDeliveryId(db, scope, delivery_id, { includePayload: include_payload });
    if (!found)
      throw new ToolError(
        `No event with delivery_id "${delivery_id}" is visible to this token. Take the id from get_recent_events or search_events; events past the retention period are deleted.`,
      );
    return include_payload ? { event: found.event, payload: found.payload } : { event: found.event };
  },
});
