const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** Like Svix: a quick retry for a blip, then ever longer waits, about 33 hours in all. */
export const DEFAULT_RETRY_SCHEDULE = "5s,5m,30m,2h,5h,10h,10h";

/** Each wait is spread by ±10%, so deliveries that failed together do not retry together. */
const JITTER = 0.2;

/** "5s,5m,2h" → [5000, 300000, 7200000]; throws a message saying what a valid value looks like. */
export function parseRetrySchedule(text: string): number[] {
  return text.split(",").map((step) => {
    const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)\s*$/.exec(step);
    if (!match) throw new Error(`"${step.trim()}" is not a wait: write a number and a unit (ms, s, m, h or d), e.g. 5s,5m,30m,2h`);
    return Math.round(Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS]);
  });
}

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
