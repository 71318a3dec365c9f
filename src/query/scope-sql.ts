import type { Scope } from "../auth/scope.js";
import type { Sql } from "./sql.js";

/**
 * The SQL form of scopeAllows (src/auth/scope.ts), the one place the query
 * layer renders a token's scope: private events only with allowPrivate;
 * "*" everything, "owner/*" the owner column, "owner/name" the repository
 * column. Both columns are stored lowercased, so the patterns are too.
 * `drives`: whether the repository and owner indexes may drive the scan (see Sql.column).
 */
export function scopeCondition(sql: Sql, scope: Scope, drives = true): string {
  const conditions = scope.allowPrivate ? [] : ["NOT private"];
  if (!scope.repositories.includes("*")) conditions.push(repositoriesCondition(sql, scope.repositories, drives));
  return conditions.length > 0 ? conditions.join(" AND ") : "1 = 1";
}

function repositoriesCondition(sql: Sql, patterns: readonly string[], drives: boolean): string {
  const owners: string[] = [];
  const repositories: string[] = [];
  for (const pattern of patterns) {
    const [owner, name] = pattern.toLowerCase().split("/");
    if (name === "*") owners.push(owner!);
    else repositories.push(pattern.toLowerCase());
  }
  const alternatives = [columnIn(sql, sql.column("repository", drives), repositories), columnIn(sql, sql.column("owner", drives), owners)].filter((condition) => condition !== null);
  if (alternatives.length === 0) return "1 = 0";
  return alternatives.length === 1 ? alternatives[0]! : `(${alternatives.join(" OR ")})`;
}

function columnIn(sql: Sql, column: string, values: string[]): string | null {
  const distinct = [...new Set(values)];
  if (distinct.length === 0) return null;
  return distinct.length === 1 ? `${column} = ${sql.value(distinct[0]!)}` : `${column} IN ${sql.list(distinct)}`;
}
