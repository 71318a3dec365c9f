import { z } from "zod";
import { eventByDeliveryId } from "../../query/event-by-delivery-id.js";
import { eventSchema } from "../schemas.js";
import { defineTool, ToolError } from "../tool.js";

export const getEventById = defineTool({
  name: "get_event_by_id",
  title: "One GitHub event",
  description:
    "Fetch one event by its delivery_id (as returned by the other tools), optionally with the raw webhook payload GitHub sent. " +
    "Use it when an event's summary and details are not enough, e.g. to read a whole comment body or every commit of a push. " +
    'Raw payloads are large (often 10–30 KB): ask for one only when needed. Example: {"delivery_id": "72d3162e-cc78-11e3-81ab-4c9367dc0958", "include_payload": true}.',
  inputSchema: {
    delivery_id: z.string().min(1).max(200).describe("The event's delivery_id."),
    include_payload: z.boolean().default(false).describe("Also return the raw webhook payload (default false)."),
  },
  outputSchema: {
    event: eventSchema,
    payload: z.unknown().optional().describe("The webhook payload exactly as GitHub sent it; only with include_payload."),
  },
  annotations: { title: "One GitHub event", readOnlyHint: true, openWorldHint: false },
  run: async ({ delivery_id, include_payload }, { db, scope }) => {
    const found = await eventByDeliveryId(db, scope, delivery_id, { includePayload: include_payload });
    if (!found) throw new ToolError(`No event with delivery_id "${delivery_id}" is visible to this token. Take the id from get_recent_events or search_events; events past the retention period are deleted.`);
    return include_payload ? { event: found.event, payload: found.payload } : { event: found.event };
  },
});
