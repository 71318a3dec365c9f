import { DEFAULT_RETRY_SCHEDULE, parseRetrySchedule } from "../../src/config.js";
import { parseRetryAfter } from "../../src/http/retry-after.js";
import { nextTry } from "../../src/delivery/attempts.js";
import { leastWaitMs, nextAttemptAt, SLOW_DOWN_MS } from "../../src/delivery/retry-schedule.js";

const now = new Date("2026-11-21T10:00:00.000Z");
const later = (ms: number) => new Date(now.getTime() + ms);
const middle = () => 0.5;
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

describe("the retry schedule", () => {
  test("the default is Svix's: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h", () => {
    expect(parseRetrySchedule(DEFAULT_RETRY_SCHEDULE)).toEqual([5 * SECOND, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 5 * HOUR, 10 * HOUR, 10 * HOUR]);
  });

  test("reads ms, s, m, h and d, with spaces and decimals", () => {
    expect(parseRetrySchedule("250ms, 1.5s ,2m,1h,1d")).toEqual([250, 1500, 2 * MINUTE, HOUR, 24 * HOUR]);
  });

  test("a step without a unit is refused with an example of what works", () => {
    expect(() => parseRetrySchedule("5s,10")).toThrow('"10" is not a wait: write a number and a unit (ms, s, m, h or d), e.g. 5s,5m,30m,2h');
  });
});

describe("nextAttemptAt", () => {
  const schedule = [5 * SECOND, 5 * MINUTE, 2 * HOUR];

  test("after the nth failure waits the nth step; after the last there is none (dead letter)", () => {
    expect(nextAttemptAt(1, now, schedule, middle)).toEqual(later(5 * SECOND));
    expect(nextAttemptAt(2, now, schedule, middle)).toEqual(later(5 * MINUTE));
    expect(nextAttemptAt(3, now, schedule, middle)).toEqual(later(2 * HOUR));
    expect(nextAttemptAt(4, now, schedule, middle)).toBeNull();
  });

  test("spreads each wait by ±10% with the random source", () => {
    expect(nextAttemptAt(2, now, schedule, () => 0)).toEqual(later(0.9 * 5 * MINUTE));
    expect(nextAttemptAt(2, now, schedule, () => 1)).toEqual(later(1.1 * 5 * MINUTE));
  });

  test("Retry-After is a lower bound: it delays a retry, never hastens one", () => {
    expect(nextAttemptAt(1, now, schedule, middle, 30 * SECOND)).toEqual(later(30 * SECOND));
    expect(nextAttemptAt(2, now, schedule, middle, 30 * SECOND)).toEqual(later(5 * MINUTE));
  });

  test("Retry-After is capped at the longest step, and cannot revive a spent schedule", () => {
    expect(nextAttemptAt(1, now, schedule, middle, 7 * 24 * HOUR)).toEqual(later(2 * HOUR));
    expect(nextAttemptAt(4, now, schedule, middle, SECOND)).toBeNull();
  });
});

describe("leastWaitMs", () => {
  const answer = { statusCode: 500, timedOut: false, retryAfterMs: null };

  test("a 429 or a timeout waits a minute at least, like Svix; other failures only what Retry-After asks", () => {
    expect(SLOW_DOWN_MS).toBe(MINUTE);
    expect(leastWaitMs({ ...answer, statusCode: 429 })).toBe(MINUTE);
    expect(leastWaitMs({ ...answer, statusCode: null, timedOut: true })).toBe(MINUTE);
    expect(leastWaitMs({ ...answer, statusCode: 429, retryAfterMs: 5 * MINUTE })).toBe(5 * MINUTE);
    expect(leastWaitMs({ ...answer, retryAfterMs: 30 * SECOND })).toBe(30 * SECOND);
    expect(leastWaitMs(answer)).toBe(0);
  });

  test("on the default schedule, a 429 after the first try waits a minute instead of 5 s", () => {
    const schedule = parseRetrySchedule(DEFAULT_RETRY_SCHEDULE);
    expect(nextAttemptAt(1, now, schedule, middle, leastWaitMs({ ...answer, statusCode: 429 }))).toEqual(later(MINUTE));
    expect(nextAttemptAt(2, now, schedule, middle, leastWaitMs({ ...answer, statusCode: 429 }))).toEqual(later(5 * MINUTE));
  });
});

describe("nextTry", () => {
  test("counts every try; the first after `deliveries retry` is a manual retry, the rest are scheduled", () => {
    expect(nextTry({ attempts: 0, manualRetryAfter: null })).toEqual({ number: 1, trigger: "scheduled" });
    expect(nextTry({ attempts: 3, manualRetryAfter: null })).toEqual({ number: 4, trigger: "scheduled" });
    expect(nextTry({ attempts: 8, manualRetryAfter: 8 })).toEqual({ number: 9, trigger: "manual retry" });
    expect(nextTry({ attempts: 9, manualRetryAfter: 8 })).toEqual({ number: 10, trigger: "scheduled" });
  });
});

describe("parseRetryAfter", () => {
  test("reads seconds and HTTP dates; ignores what it cannot read", () => {
    expect(parseRetryAfter("120", now)).toBe(120 * SECOND);
    expect(parseRetryAfter("Sat, 21 Nov 2026 10:01:30 GMT", now)).toBe(90 * SECOND);
    expect(parseRetryAfter("Sat, 21 Nov 2026 09:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("soon", now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });
});
