import { scopeCondition, type Scope } from "../auth/scope.js";
import type { Db } from "../store/db.js";
import { join, name, sql, type Fragment } from "../store/sql.js";
import { eventCounts } from "./event-counts-sql.js";
import { eventConditions } from "./filter-sql.js";

/** What completion/complete returns at most (the protocol's own cap). */
export const MAX_COMPLETIONS = 100;
/** Actions are read from this many of the newest events: their set is small, and this bounds the read. */
const ACTION_SAMPLE = 5000;

/** A LIKE pattern matching what starts with `prefix`, lowercased as the columns store names; `\` escapes. */
function startsWith(prefix: string): string {
  return `${prefix
    .trim()
    .toLowerCase()
    .replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

const like = (column: Fragment, prefix: string) => sql`${column} LIKE ${startsWith(prefix)} ESCAPE '\\'`;

/** Distinct values of a counts column among the events the caller may see, that start with `prefix`. */
async function countedValues(db: Db, scope: Scope, column: "repository" | "owner" | "event_type", prefix: string): Promise<string[]> {
  const counted = name(column);
  const conditions = [sql`${counted} <> ''`, scopeCondition(scope), like(counted, prefix)];
  const rows = await db.rows<{ value: string }>(
    sql`SELECT ${counted} AS value FROM ${eventCounts(db.provider)} WHERE ${join(conditions, " AND ")} GROUP BY ${counted} HAVING sum(events) > 0 ORDER BY ${counted} LIMIT ${MAX_COMPLETIONS}`,
  );
  return rows.map((row) => row.value);
}

/** Repositories ("owner/name", lowercase) with events the caller may see, starting with `prefix`. */
export const completeRepositories = (db: Db, scope: Scope, prefix: string) => countedValues(db, scope, "repository", prefix);

/** Owners of repositories with events the caller may see. */
export const completeOwners = (db: Db, scope: Scope, prefix: string) => countedValues(db, scope, "owner", prefix);

/** The names of one owner's repositories the caller may see, without the owner. */
export async function completeRepositoryNames(db: Db, scope: Scope, owner: string, prefix: string): Promise<string[]> {
  const qualified = `${owner.trim().toLowerCase()}/`;
  return (await countedValues(db, scope, "repository", qualified + prefix)).map((repository) => repository.slice(qualified.length));
}

/** Event types among the events the caller may see. */
export const completeEventTypes = (db: Db, scope: Scope, prefix: string) => countedValues(db, scope, "event_type", prefix);

/** Actions among the newest events the caller may see (of one type, when given). */
export async function completeActions(db: Db, scope: Scope, eventType: string | undefined, prefix: string): Promise<string[]> {
  const conditions = eventConditions(db.provider, scope, eventType ? { eventType } : {}, eventType ? "event_type" : "scope");
  const rows = await db.rows<{ action: string }>(
    sql`SELECT DISTINCT action FROM (SELECT action FROM events WHERE ${join(conditions, " AND ")} ORDER BY occurred_at DESC, id DESC LIMIT ${ACTION_SAMPLE}) AS newest
      WHERE action IS NOT NULL AND ${like(sql`action`, prefix)} ORDER BY action LIMIT ${MAX_COMPLETIONS}`,
  );
  return rows.map((row) => row.action);
}
