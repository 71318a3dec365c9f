import type { NormalizedEvent } from "../normalize/types.js";
import { join, list, sql, type Fragment } from "../store/sql.js";

/**
 * What one reader may see: the repositories a token names ("owner/name",
 * "owner/*", or "*" for all) and whether private repositories' events are
 * included. Every query, resource, notification and push rule applies it,
 * through this module, the one place the rule is written: over an event's
 * repository, owner and visibility as the store writes them (scopeColumnsOf),
 * in memory (scopeAllows) and in SQL (scopeCondition), with the same reading
 * of the patterns (scopePatterns). It imports only event types and the SQL
 * builder, so the store, the query layer, delivery and MCP all call it.
 */
export interface Scope {
  /** The token's name; also the default consumer of read cursors. */
  name: string;
  repositories: readonly string[];
  allowPrivate: boolean;
  /** The GitHub login get_attention answers for by default: a token's --login, a signed-in person's own. */
  login?: string | null;
}

/** What an unauthenticated reader (the public /stats) may see: events of public repositories. */
export const PUBLIC_SCOPE: Scope = Object.freeze({ name: "public", repositories: Object.freeze(["*"]), allowPrivate: false });

/** stdio and the operator CLI run on the machine that holds the database: they see everything. */
export const LOCAL_SCOPE: Scope = Object.freeze({ name: "local", repositories: Object.freeze(["*"]), allowPrivate: true });

const LOGIN = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})";
const REPO_NAME = "[A-Za-z0-9._-]{1,100}";
export const REPOSITORY_PATTERN = new RegExp(`^(\\*|${LOGIN}/(\\*|${REPO_NAME}))$`);
/** A GitHub login, a bot's ("dependabot[bot]") included. */
export const LOGIN_PATTERN = new RegExp(`^${LOGIN}(\\[bot\\])?$`);

/** One pattern of a scope, lowercased: every event of an owner ("owner/*"), or of one repository. */
export type Pattern = { owner: string } | { repository: string };

/**
 * A scope's patterns, lowercased (GitHub's names are case-insensitive) and
 * without repeats, in the token's order; "all" when one is "*".
 */
export function scopePatterns(scope: Scope): "all" | Pattern[] {
  if (scope.repositories.includes("*")) return "all";
  const seen = new Set<string>();
  const patterns: Pattern[] = [];
  for (const pattern of scope.repositories.map((text) => text.toLowerCase())) {
    if (seen.has(pattern)) continue;
    seen.add(pattern);
    const [owner, name] = pattern.split("/");
    patterns.push(name === "*" ? { owner: owner! } : { repository: pattern });
  }
  return patterns;
}

/** What the rule reads of an event: the events table's repository, owner and private columns. */
export interface ScopedEvent {
  repository: string | null;
  owner: string | null;
  private: boolean;
}

/**
 * The repository, owner and visibility of an event, as the store writes its
 * columns: names lowercased; the owner is the repository's, or for an event
 * without a repository its organization's (what "owner/*" matches).
 */
export function scopeColumnsOf(event: NormalizedEvent): ScopedEvent {
  const repository = event.repository?.full_name.toLowerCase() ?? null;
  return {
    repository,
    owner: repository?.split("/", 1)[0] ?? event.organization?.login.toLowerCase() ?? null,
    private: event.repository?.private ?? false,
  };
}

function matches(pattern: Pattern, event: ScopedEvent): boolean {
  return "owner" in pattern ? event.owner === pattern.owner : event.repository === pattern.repository;
}

/** Whether the scope lets its reader see an event (its columns from scopeColumnsOf): for events already in memory. */
export function scopeAllows(scope: Scope, event: ScopedEvent): boolean {
  if (event.private && !scope.allowPrivate) return false;
  const patterns = scopePatterns(scope);
  return patterns === "all" || patterns.some((pattern) => matches(pattern, event));
}

/** How a condition names a scope column: the column itself, or with a planner hint (src/query/index-hint.ts). */
export type ScopeColumn = (name: "repository" | "owner") => Fragment;

const PLAIN = { repository: sql`repository`, owner: sql`owner` };
const plainColumn: ScopeColumn = (name) => PLAIN[name];

function columnIn(column: Fragment, values: string[]): Fragment | null {
  if (values.length === 0) return null;
  return values.length === 1 ? sql`${column} = ${values[0]!}` : sql`${column} IN ${list(values)}`;
}

/**
 * scopeAllows as an SQL condition, over the events table or any with the
 * same repository, owner and private columns (event_counts).
 */
export function scopeCondition(scope: Scope, column: ScopeColumn = plainColumn): Fragment {
  const conditions = scope.allowPrivate ? [] : [sql`NOT private`];
  const patterns = scopePatterns(scope);
  if (patterns !== "all") {
    const repositories = patterns.flatMap((pattern) => ("repository" in pattern ? [pattern.repository] : []));
    const owners = patterns.flatMap((pattern) => ("owner" in pattern ? [pattern.owner] : []));
    const alternatives = [columnIn(column("repository"), repositories), columnIn(column("owner"), owners)].filter((condition) => condition !== null);
    conditions.push(alternatives.length === 0 ? sql`1 = 0` : alternatives.length === 1 ? alternatives[0]! : sql`(${join(alternatives, " OR ")})`);
  }
  return conditions.length > 0 ? join(conditions, " AND ") : sql`1 = 1`;
}

/** More patterns than this are read as one scan: its matches are then dense enough. */
const MAX_BRANCHES = 20;

/**
 * A scope of several patterns as scopes of one pattern each, for a
 * newest-first list to read with one ordered index scan per pattern and merge
 * them: one scan for "any of these repositories" reads every other
 * repository's events in between (PostgreSQL: 10 ms for three quiet ones out
 * of 200, bench:query; 1.2 ms as branches). A repository pattern whose owner
 * has its own "owner/*" pattern is left out, so no event is in two branches.
 */
export function scopeBranches(scope: Scope): Scope[] {
  const patterns = scopePatterns(scope);
  if (patterns === "all") return [scope];
  const owners = new Set(patterns.flatMap((pattern) => ("owner" in pattern ? [pattern.owner] : [])));
  const disjoint = patterns.filter((pattern) => "owner" in pattern || !owners.has(pattern.repository.split("/", 1)[0]!));
  if (disjoint.length <= 1 || disjoint.length > MAX_BRANCHES) return [scope];
  return disjoint.map((pattern) => ({ ...scope, repositories: ["owner" in pattern ? `${pattern.owner}/*` : pattern.repository] }));
}

/** A scope as one comparable value: an MCP session serves the scope it opened with, and ends when its principal's scope changes. */
export function scopeKey({ repositories, allowPrivate }: Scope): string {
  return JSON.stringify([[...repositories].sort(), allowPrivate]);
}
