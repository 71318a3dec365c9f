import type { Scope } from "../auth/scope.js";
import type { Driver } from "./driver.js";
import { QueryError } from "./errors.js";
import { scopeCondition } from "./scope-sql.js";
import type { Sql } from "./sql.js";
import type { EventFilter } from "./types.js";
import { parseDate, parseEventName, parseLogin, parseRepository } from "./validate.js";

/**
 * The scope's and the filter's conditions, validated, names lowercased as the
 * columns store them. Only the driver's index may scan (see chooseDriver);
 * null keeps them all from it, for a query that scans another way (by id).
 */
export function eventConditions(sql: Sql, scope: Scope, filter: EventFilter, driver: Driver): string[] {
  const column = (name: Exclude<Driver, null>) => sql.column(name, driver === name);
  const conditions = [scopeCondition(sql, scope, driver === "scope")];
  if (filter.repository !== undefined) conditions.push(`${column("repository")} = ${sql.value(parseRepository(filter.repository))}`);
  if (filter.actor !== undefined) conditions.push(`${column("actor")} = ${sql.value(parseLogin(filter.actor))}`);
  if (filter.eventType !== undefined) conditions.push(`${column("event_type")} = ${sql.value(parseEventName(filter.eventType, "eventType"))}`);
  if (filter.action !== undefined) conditions.push(`action = ${sql.value(parseEventName(filter.action, "action"))}`);
  conditions.push(...periodConditions(sql, filter));
  return conditions;
}

/** since (inclusive) and until (exclusive) on occurred_at. */
function periodConditions(sql: Sql, { since, until }: Pick<EventFilter, "since" | "until">): string[] {
  if (since !== undefined && until !== undefined && parseDate(since, "since").getTime() >= parseDate(until, "until").getTime()) {
    throw new QueryError(`since (${since.toISOString()}) must be earlier than until (${until.toISOString()}).`);
  }
  const conditions: string[] = [];
  if (since !== undefined) conditions.push(`occurred_at >= ${sql.value(parseDate(since, "since"))}`);
  if (until !== undefined) conditions.push(`occurred_at < ${sql.value(parseDate(until, "until"))}`);
  return conditions;
}
