import type { Scope } from "../auth/scope.js";
import type { Provider } from "../store/provider.js";
import { join, list, sql, type Fragment } from "../store/sql.js";
import { column, withoutIndex, type IndexedColumn } from "./index-hint.js";

/**
 * The SQL form of scopeAllows (src/auth/scope.ts), the one place the query
 * layer renders a token's scope: private events only with allowPrivate;
 * "*" everything, "owner/*" the owner column, "owner/name" the repository
 * column. Both columns are stored lowercased, so the patterns are too.
 * `drives`: whether the repository and owner indexes may drive the scan (see withoutIndex).
 */
export function scopeCondition(provider: Provider, scope: Scope, drives = true): Fragment {
  const conditions = scope.allowPrivate ? [] : [sql`NOT private`];
  if (!scope.repositories.includes("*")) conditions.push(repositoriesCondition(provider, scope.repositories, drives));
  return conditions.length > 0 ? join(conditions, " AND ") : sql`1 = 1`;
}

function repositoriesCondition(provider: Provider, patterns: readonly string[], drives: boolean): Fragment {
  const owners: string[] = [];
  const repositories: string[] = [];
  for (const pattern of patterns) {
    const [owner, name] = pattern.toLowerCase().split("/");
    if (name === "*") owners.push(owner!);
    else repositories.push(pattern.toLowerCase());
  }
  const name = (indexed: IndexedColumn) => (drives ? column(indexed) : withoutIndex(provider, indexed));
  const alternatives = [columnIn(name("repository"), repositories), columnIn(name("owner"), owners)].filter((condition) => condition !== null);
  if (alternatives.length === 0) return sql`1 = 0`;
  return alternatives.length === 1 ? alternatives[0]! : sql`(${join(alternatives, " OR ")})`;
}

function columnIn(name: Fragment, values: string[]): Fragment | null {
  const distinct = [...new Set(values)];
  if (distinct.length === 0) return null;
  return distinct.length === 1 ? sql`${name} = ${distinct[0]!}` : sql`${name} IN ${list(distinct)}`;
}
