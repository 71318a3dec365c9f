/** Each wait is spread by ±10%, so deliveries that failed together do not retry together. */
const JITTER = 0.2;

/**
 * When a delivery that has failed `attempts` times is tried next, or null when
 * the schedule is spent (it is then failed for good). A receiver's Retry-After
 * is honoured as a lower bound, capped at the schedule's longest wait so that
 * no receiver can postpone a delivery beyond what the schedule allows. Pure.
 */
export function nextAttemptAt(attempts: number, now: Date, schedule: readonly number[], random: () => number, retryAfterMs: number | null = null): Date | null {
  const wait = schedule[attempts - 1];
  if (wait === undefined) return null;
  const jittered = wait * (1 - JITTER / 2 + JITTER * random());
  const asked = retryAfterMs === null ? 0 : Math.min(retryAfterMs, Math.max(...schedule));
  return new Date(now.getTime() + Math.round(Math.max(jittered, asked)));
}
