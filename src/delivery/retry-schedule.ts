import type { SendResult } from "./http-post.js";

/** Each wait is spread by ±10%, so deliveries that failed together do not retry together. */
const JITTER = 0.2;

/** Like Svix: a receiver that is overloaded (429) or did not answer in time is left alone for a minute at least. */
export const SLOW_DOWN_MS = 60_000;

/** The least the next try must wait after this one: the receiver's Retry-After, and a minute after a 429 or a timeout. Pure. */
export function leastWaitMs({ statusCode, timedOut, retryAfterMs }: Pick<SendResult, "statusCode" | "timedOut" | "retryAfterMs">): number {
  return Math.max(retryAfterMs ?? 0, statusCode === 429 || timedOut ? SLOW_DOWN_MS : 0);
}

/**
 * When a delivery that has failed `failures` times on its schedule is tried
 * next, or null when the schedule is spent (it is then failed for good).
 * `atLeastMs` (leastWaitMs) is a lower bound, capped at the schedule's longest
 * wait so that no receiver can postpone a delivery beyond what the schedule
 * allows. Pure.
 */
export function nextAttemptAt(failures: number, now: Date, schedule: readonly number[], random: () => number, atLeastMs = 0): Date | null {
  const wait = schedule[failures - 1];
  if (wait === undefined) return null;
  const jittered = wait * (1 - JITTER / 2 + JITTER * random());
  const least = Math.min(atLeastMs, Math.max(...schedule));
  return new Date(now.getTime() + Math.round(Math.max(jittered, least)));
}
