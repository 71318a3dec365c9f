import { QueryError } from "../query/errors.js";
import { completeActions, completeEventTypes, completeOwners, completeRepositories, completeRepositoryNames } from "../query/completions.js";
import type { McpContext } from "./context.js";

type Context = { arguments?: Record<string, string> } | undefined;

/** A value the query layer refuses (a malformed event type in the context) completes to nothing rather than failing. */
async function orNothing(work: () => Promise<string[]>): Promise<string[]> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof QueryError) return [];
    throw error;
  }
}

/**
 * completion/complete answers for prompt arguments and resource-template
 * variables, from the events the session's token may see: nothing of a
 * repository outside its scope is ever offered.
 */
export function completionsFor({ db, scope }: Pick<McpContext, "db" | "scope">) {
  return {
    repository: (value: string | undefined) => orNothing(() => completeRepositories(db, scope, value ?? "")),
    owner: (value: string) => orNothing(() => completeOwners(db, scope, value)),
    repo: (value: string, context?: Context) => {
      const owner = context?.arguments?.owner;
      return owner ? orNothing(() => completeRepositoryNames(db, scope, owner, value)) : Promise.resolve([]);
    },
    eventType: (value: string | undefined) => orNothing(() => completeEventTypes(db, scope, value ?? "")),
    action: (value: string | undefined, context?: Context) => orNothing(() => completeActions(db, scope, context?.arguments?.event_type || undefined, value ?? "")),
  };
}
