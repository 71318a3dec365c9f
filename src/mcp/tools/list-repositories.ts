import { z } from "zod";
import { listRepositories as listStoredRepositories } from "../../query/list-repositories.js";
import { defineTool } from "../tool.js";

export const listRepositories = defineTool({
  name: "list_repositories",
  title: "Repositories with activity",
  description:
    "List the repositories Code Buddy has seen events for (that this token may read), most recently active first, with their event counts and last activity. " +
    "Use it to discover which repositories exist before filtering other tools by repository. Example: {}.",
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
  annotations: { title: "Repositories with activity", readOnlyHint: true, openWorldHint: false },
  run: async (_args, { db, scope }) => {
    const repositories = await listStoredRepositories(db, scope);
    return { repositories, count: repositories.length };
  },
});
