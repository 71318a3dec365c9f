import { parseRetryAfter } from "../../http/retry-after.js";

/** The response headers that decide when a feed may be read again. */
export type ResponseHeaders = Record<string, string | number | undefined>;

/** GitHub's quota is shared with everything else the token does (recovery, access checks): polling leaves it a tenth. */
const RESERVE_SHARE = 0.1;

/** After a failure without a Retry-After, wait this many poll intervals. */
const FAILURE_INTERVALS = 5;

function numberHeader(headers: ResponseHeaders, name: string): number | null {
  const value = headers[name];
  if (value === undefined || String(value).trim() === "") return null;
  const number = Number(value);
  return Number.isFinite(number) ? number : null;
}

/** When the quota resets, if it is (nearly) spent: X-RateLimit-Remaining at or under the reserve, X-RateLimit-Reset in epoch seconds. */
function quotaResetAt(headers: ResponseHeaders): number | null {
  const remaining = numberHeader(headers, "x-ratelimit-remaining");
  const limit = numberHeader(headers, "x-ratelimit-limit");
  const reset = numberHeader(headers, "x-ratelimit-reset");
  if (remaining === null || reset === null) return null;
  return remaining <= Math.floor((limit ?? 0) * RESERVE_SHARE) ? reset * 1000 : null;
}

/**
 * When a feed may be read after an answer (200 or 304): not before GitHub's X-Poll-Interval,
 * nor our own minimum, nor, when the quota is spent down to the reserve, its reset.
 */
export function nextPollAfterAnswer(headers: ResponseHeaders, now: Date, minIntervalMs: number): Date {
  const pollInterval = (numberHeader(headers, "x-poll-interval") ?? 0) * 1000;
  const reset = quotaResetAt(headers) ?? 0;
  return new Date(Math.max(now.getTime() + Math.max(pollInterval, minIntervalMs), reset));
}

/**
 * When a feed may be read after a failure that Octokit's retries and throttling did not get
 * past: Retry-After or the quota's reset when GitHub gave them, otherwise a few intervals.
 */
export function nextPollAfterFailure(headers: ResponseHeaders | undefined, now: Date, minIntervalMs: number): Date {
  const fallback = now.getTime() + FAILURE_INTERVALS * minIntervalMs;
  if (!headers) return new Date(fallback);
  const retryAfter = parseRetryAfter(headers["retry-after"] === undefined ? null : String(headers["retry-after"]), now);
  const waits = [now.getTime() + minIntervalMs, quotaResetAt(headers) ?? 0, retryAfter === null ? 0 : now.getTime() + retryAfter];
  return new Date(retryAfter === null && quotaResetAt(headers) === null ? fallback : Math.max(...waits));
}
