import { z } from "zod";
import { threadEvents } from "../../query/thread-events.js";
import { detailInput, limitInput, listedEventSchema, repositoryInput } from "../schemas.js";
import { defineTool } from "../tool.js";
import { listed, listText } from "./listed-events.js";

export const getThread = defineTool({
  name: "get_thread",
  description:
    "Every event of one issue, PR or discussion, oldest first, CI included. Use it to catch up on a conversation. " + 'Example: {"repository": "octo-org/hello", "number": 42}',
  inputSchema: {
    repository: repositoryInput,
    number: z.number().int().positive({ error: "must be the issue or pull request number, e.g. 42" }),
    limit: limitInput(200, 1000),
    detail: detailInput,
  },
  outputSchema: {
    repository: z.string(),
    number: z.number(),
    events: z.array(listedEventSchema),
    count: z.number(),
    truncated: z.boolean().describe("newest events left out (limit)"),
  },
  annotations: { readOnlyHint: true },
  run: async ({ repository, number, limit, detail }, { db, scope }) => {
    const thread = await threadEvents(db, scope, repository, number, { limit });
    return {
      repository,
      number,
      events: listed(
        thread.events.map((record) => record.event),
        detail,
      ),
      count: thread.events.length,
      truncated: thread.truncated,
    };
  },
  text: listText,
});
