/**
 * What one reader may see: the repositories a token names ("owner/name",
 * "owner/*", or "*" for all) and whether private repositories' events are
 * included. Every query, resource and notification applies it.
 */
export interface Scope {
  /** The token's name; also the default consumer of read cursors. */
  name: string;
  repositories: readonly string[];
  allowPrivate: boolean;
}

/** What an unauthenticated reader (the public /stats) may see: events of public repositories. */
export const PUBLIC_SCOPE: Scope = Object.freeze({ name: "public", repositories: Object.freeze(["*"]), allowPrivate: false });

/** stdio and the operator CLI run on the machine that holds the database: they see everything. */
export const LOCAL_SCOPE: Scope = Object.freeze({ name: "local", repositories: Object.freeze(["*"]), allowPrivate: true });

const LOGIN = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})";
const REPO_NAME = "[A-Za-z0-9._-]{1,100}";
export const REPOSITORY_PATTERN = new RegExp(`^(\\*|${LOGIN}/(\\*|${REPO_NAME}))$`);

export interface ScopedEvent {
  repository: string | null;
  owner: string | null;
  private: boolean;
}

/** The same rule the query layer's SQL applies, for events already in memory (live notifications). */
export function scopeAllows(scope: Scope, event: ScopedEvent): boolean {
  if (event.private && !scope.allowPrivate) return false;
  return scope.repositories.some((pattern) => {
    if (pattern === "*") return true;
    const [owner, name] = pattern.split("/");
    if (name === "*") return event.owner !== null && event.owner.toLowerCase() === owner!.toLowerCase();
    return event.repository !== null && event.repository.toLowerCase() === pattern.toLowerCase();
  });
}
