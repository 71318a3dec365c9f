import { REPOSITORY_PATTERN } from "../auth/scope.js";
import { QueryError } from "./errors.js";

/** The largest page any list returns. */
export const MAX_LIMIT = 100;

/** "owner/name", lowercased as the repository column stores it. */
export function parseRepository(name: string): string {
  const trimmed = name.trim();
  if (!REPOSITORY_PATTERN.test(trimmed) || trimmed.includes("*")) {
    throw new QueryError(`repository must be "owner/name", like "octo-org/hello-world"; got ${JSON.stringify(name)}.`);
  }
  return trimmed.toLowerCase();
}

const LOGIN = /^[a-z0-9](?:[a-z0-9-]{0,38})(?:\[bot\])?$/;

/** A GitHub login ("octocat", "dependabot[bot]"; a leading "@" is accepted), lowercased as the actor column stores it. */
export function parseLogin(login: string, field = "actor"): string {
  const normalized = login.trim().replace(/^@/, "").toLowerCase();
  if (!LOGIN.test(normalized)) throw new QueryError(`${field} must be a GitHub login, like "octocat" or "dependabot[bot]"; got ${JSON.stringify(login)}.`);
  return normalized;
}

/** Event names and actions are snake_case, some with digits ("projects_v2_item"). */
export const EVENT_NAME = /^[a-z][a-z0-9_]{0,63}$/;

/** A webhook event name ("pull_request") or action ("opened"). */
export function parseEventName(name: string, field: "eventType" | "action"): string {
  const normalized = name.trim().toLowerCase();
  if (!EVENT_NAME.test(normalized)) {
    const like = field === "eventType" ? `"pull_request" or "push"` : `"opened" or "completed"`;
    throw new QueryError(`${field} must be a webhook ${field === "eventType" ? "event name" : "action"} in snake_case, like ${like}; got ${JSON.stringify(name)}.`);
  }
  return normalized;
}

export function parseDate(date: Date, field: string): Date {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) throw new QueryError(`${field} must be a valid date, like "2026-11-21T00:00:00Z".`);
  return date;
}

/** A whole number of results between 1 and `max`: callers validate, this only keeps a bad value from reaching SQL. */
export function clampLimit(limit: number, max = MAX_LIMIT): number {
  if (!Number.isFinite(limit)) return max;
  return Math.min(max, Math.max(1, Math.floor(limit)));
}

/** An issue, pull request or discussion number. */
export function parseNumber(number: number): number {
  if (!Number.isSafeInteger(number) || number < 1) throw new QueryError(`number must be an issue, pull request or discussion number (a whole number from 1); got ${number}.`);
  return number;
}

/** The name a consumer of a read cursor gives itself, e.g. "triage-bot". */
export function parseConsumer(consumer: string): string {
  const trimmed = consumer.trim();
  if (trimmed === "" || trimmed.length > 100) throw new QueryError(`consumer must be a name of 1 to 100 characters, like "triage-bot"; got ${JSON.stringify(consumer)}.`);
  return trimmed;
}
