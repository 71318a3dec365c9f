import { z } from "zod";
import { listRepositories as listStoredRepositories } from "../../query/list-repositories.js";
import { defineTool } from "../tool.js";

export const listRepositories = defineTool({
  name: "list_repositories",
  description: "Repositories with events this token sees, most recently active first. Use it to discover names before filtering other tools. Example: {}",
  inputSchema: {},
  outputSchema: {
    repositories: z.array(
      z.object({
        full_name: z.string(),
        private: z.boolean(),
        events: z.number(),
        last_event_at: z.string(),
        last_event_type: z.string(),
      }),
    ),
    count: z.number(),
  },
  annotations: { readOnlyHint: true },
  run: async (_args, { db, scope }) => {
    const repositories = await listStoredRepositories(db, scope);
    return { repositories, count: repositories.length };
  },
});
