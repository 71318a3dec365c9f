import { isObject } from "./common.js";

/** The string at `key` of at most `max` entries; plain strings count as themselves, other entries are skipped. */
function valuesAt(items: ReadonlyArray<unknown> | null | undefined, key: string, max: number): string[] {
  const values: string[] = [];
  for (const item of items ?? []) {
    const value = isObject(item) ? item[key] : item;
    if (typeof value === "string") values.push(value);
  }
  return values.slice(0, max);
}

/** The names of at most `max` labels (objects, or plain names in some schemas). */
export function labelNames(labels: ReadonlyArray<unknown> | null | undefined, max = 20): string[] {
  return valuesAt(labels, "name", max);
}

/** The logins of at most `max` users; entries without a login (teams, deleted users) are skipped. */
export function logins(users: ReadonlyArray<unknown> | null | undefined, max = 10): string[] {
  return valuesAt(users, "login", max);
}

/** "refs/heads/main" → "main", "refs/tags/v1" → "v1"; other refs are returned as they are. */
export function refName(ref: string): string {
  return ref.replace(/^refs\/(?:heads|tags)\//, "");
}

/** Drops undefined and null entries, so details hold only what the payload had. */
export function compact(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined && value !== null));
}
