import { scopeCondition, type Scope } from "../auth/scope.js";
import type { IndexedColumn } from "../store/event-indexes.js";
import type { Provider } from "../store/provider.js";
import { sql, type Fragment } from "../store/sql.js";
import type { Driver } from "./driver.js";
import { QueryError } from "./errors.js";
import { column, scopeWithoutIndex, withoutIndex } from "./index-hint.js";
import type { EventFilter } from "./types.js";
import { parseDate, parseEventName, parseLogin, parseRepository } from "./validate.js";

/**
 * The scope's and the filter's conditions, validated, names lowercased as the
 * columns store them. Only the driver's index may scan (see chooseDriver);
 * null keeps them all from it, for a query that scans another way (by id).
 */
export function eventConditions(provider: Provider, scope: Scope, filter: EventFilter, driver: Driver): Fragment[] {
  const name = (indexed: Exclude<IndexedColumn, "owner">) => (driver === indexed ? column(indexed) : withoutIndex(provider, indexed));
  const conditions = [driver === "scope" ? scopeCondition(scope) : scopeCondition(scope, scopeWithoutIndex(provider))];
  if (filter.repository !== undefined) conditions.push(sql`${name("repository")} = ${parseRepository(filter.repository)}`);
  if (filter.actor !== undefined) conditions.push(sql`${name("actor")} = ${parseLogin(filter.actor)}`);
  if (filter.eventType !== undefined) conditions.push(sql`${name("event_type")} = ${parseEventName(filter.eventType, "eventType")}`);
  if (filter.action !== undefined) conditions.push(sql`action = ${parseEventName(filter.action, "action")}`);
  conditions.push(...periodConditions(filter));
  return conditions;
}

/** since (inclusive) and until (exclusive) on occurred_at. */
function periodConditions({ since, until }: Pick<EventFilter, "since" | "until">): Fragment[] {
  if (since !== undefined && until !== undefined && parseDate(since, "since").getTime() >= parseDate(until, "until").getTime()) {
    throw new QueryError(`since (${since.toISOString()}) must be earlier than until (${until.toISOString()}).`);
  }
  const conditions: Fragment[] = [];
  if (since !== undefined) conditions.push(sql`occurred_at >= ${parseDate(since, "since")}`);
  if (until !== undefined) conditions.push(sql`occurred_at < ${parseDate(until, "until")}`);
  return conditions;
}
