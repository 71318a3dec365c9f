import { Prisma } from "../generated/sqlite/client.js";
import type { Provider } from "./provider.js";

/**
 * A piece of SQL with the values it binds, built with the `sql` tag: Prisma's
 * own builder (sql-template-tag, the Prisma.sql of its raw-query docs). A value
 * interpolated into the tag is bound as a parameter; a fragment interpolated
 * is spliced in with its values, so fragments compose in any order and nest.
 * Placeholders are generated from the fragment's parts when it is run
 * (statementOf), never found by scanning SQL text, so a `$` or `?` inside a
 * string literal ('$.details.conclusion') is left alone.
 */
export type Fragment = Prisma.Sql;

export type SqlValue = string | number | bigint | boolean | Date | Uint8Array | null;

export function sql(strings: TemplateStringsArray, ...values: readonly (SqlValue | Fragment)[]): Fragment {
  return Prisma.sql(strings, ...values);
}

/** Nothing: a fragment for a clause left out. */
export const empty: Fragment = Prisma.empty;

/** The fragments one after another with `separator` between them; empty for none. */
export function join(fragments: readonly Fragment[], separator: string): Fragment {
  return fragments.length === 0 ? empty : Prisma.join(fragments, separator);
}

/**
 * A name this code makes up (a CTE's, a column alias), spliced in as text:
 * it must be a plain lowercase identifier, so nothing from outside fits.
 */
export function name(identifier: string): Fragment {
  if (!/^[a-z_][a-z0-9_]*$/.test(identifier)) throw new TypeError(`${JSON.stringify(identifier)} is not a plain SQL name`);
  return Prisma.raw(identifier);
}

/** "(v1, v2, …)" for IN, each value bound; at least one value, as SQL has no empty list. */
export function list(values: readonly SqlValue[]): Fragment {
  if (values.length === 0) throw new TypeError("list() needs at least one value: SQL has no empty IN list");
  return Prisma.join(values, ", ", "(", ")");
}

/** A value as SQLite stores it here: dates as integer milliseconds, booleans as 0/1 (see db.ts). */
export function sqliteValue(value: unknown): unknown {
  if (value instanceof Date) return value.getTime();
  if (typeof value === "boolean") return value ? 1 : 0;
  return value;
}

/** What a driver is sent for one fragment. */
export interface Statement {
  text: string;
  values: unknown[];
}

/**
 * The fragment as the provider's driver takes it: $1, $2… on PostgreSQL, ? on
 * SQLite, in the order of the values. SQLite's values are bound as its schema
 * stores them (sqliteValue); PostgreSQL's are left to its driver.
 */
export function statementOf(fragment: Fragment, provider: Provider): Statement {
  return provider === "sqlite" ? { text: fragment.sql, values: fragment.values.map(sqliteValue) } : { text: fragment.text, values: fragment.values };
}

/** Runs fragments on one database: Db through Prisma (the query layer), or the delivery worker's own connection. */
export interface SqlRunner {
  readonly provider: Provider;
  rows<Row>(query: Fragment): Promise<Row[]>;
  /** Returns the number of rows changed. */
  execute(statement: Fragment): Promise<number>;
}
