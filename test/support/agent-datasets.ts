import type { Stored } from "./stored-events.js";
import { EXAMPLES } from "./webhooks.js";

/** A small seeded generator (mulberry32): the same seed, the same dataset. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALL_EXAMPLES = EXAMPLES.flatMap(({ name, examples }) => examples.map((payload) => ({ name, payload })));
const DAY_START = Date.parse("2026-11-20T00:00:00Z");
export const DAY = { since: new Date(DAY_START), until: new Date(DAY_START + 24 * 60 * 60 * 1000) };

const WORDS = ["flaky", "deploy", "timeout", "login", "zebra", "dark", "mode", "cache", "release", "naïve", "日本語", "emoji🙂", "<script>", '"quoted"', "back\\slash"];

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

/** Titles from empty to 20,000 characters, with unicode, markup and line breaks. */
function title(random: () => number): string {
  const roll = random();
  if (roll < 0.05) return "";
  const words = roll < 0.15 ? 4000 : 1 + Math.floor(random() * 12);
  return Array.from({ length: words }, () => pick(random, WORDS)).join(random() < 0.1 ? "\n" : " ");
}

/** Puts a generated title wherever the event family keeps one, beyond the issue/PR/discussion titles `store` sets. */
function retitle(text: string) {
  return (payload: Record<string, any>) => {
    if (payload.release) payload.release.name = text;
    if (payload.head_commit) payload.head_commit.message = text;
    if (payload.workflow_run) payload.workflow_run.name = text;
    if (payload.comment) payload.comment.body = text;
  };
}

function event(random: () => number, index: number, repository: string | null, example = pick(random, ALL_EXAMPLES)): Stored {
  const text = title(random);
  return {
    id: `${repository ?? "org"}-${index}-${example.name}`,
    name: example.name,
    pick: (payload) => payload === example.payload,
    at: new Date(DAY_START + Math.floor(random() * 24 * 60 * 60 * 1000)),
    repository,
    ...(repository === null && { org: "Busy-Org" }),
    private: random() < 0.3,
    actor: pick(random, ["Alice", "bob", "carol-c", "dependabot[bot]", "Octocat"]),
    number: 1 + Math.floor(random() * 40),
    title: text,
    change: retitle(text),
  };
}

/**
 * A busy day: every one of GitHub's example payloads (58 event types) in one
 * repository, and 40 random ones in each of 11 more, plus organization-level
 * events; random actors, numbers, times and titles (some huge).
 */
export function busyDay(seed = 1): Stored[] {
  const random = seeded(seed);
  const repositories = Array.from({ length: 12 }, (_, i) => `Busy-Org/repo-${String(i + 1).padStart(2, "0")}`);
  const everyType = ALL_EXAMPLES.map((example, i) => event(random, i, repositories[0]!, example));
  const spread = repositories.slice(1).flatMap((repository) => Array.from({ length: 40 }, (_, i) => event(random, i, repository)));
  const organization = Array.from({ length: 10 }, (_, i) => event(random, i, null));
  return [...everyType, ...spread, ...organization];
}

/** `count` random events over a random number of repositories (1–30) with random names. */
export function randomDay(seed: number, count: number): Stored[] {
  const random = seeded(seed);
  const repositories = Array.from(
    { length: 1 + Math.floor(random() * 30) },
    (_, i) => `${pick(random, ["Busy-Org", "other-org", "x"])}/r${i}.${pick(random, ["api", "web", "a-b_c"])}`,
  );
  return Array.from({ length: count }, (_, i) => event(random, i, random() < 0.05 ? null : pick(random, repositories)));
}
