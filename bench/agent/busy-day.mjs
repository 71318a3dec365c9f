import { createRequire } from "node:module";
import { signature } from "../signed-bodies.mjs";

const EXAMPLES = createRequire(import.meta.url)("@octokit/webhooks-examples").flatMap(({ name, examples }) => examples.map((payload) => ({ name, payload })));
const ACTORS = ["alice", "bob", "carol", "dave", "erin", "octocat", "dependabot[bot]", "github-actions[bot]"];
const WORDS = ["flaky", "login", "timeout", "cache", "deploy", "release", "dark", "mode", "retry", "billing", "search", "index", "docs", "api", "crash", "upgrade"];

/** mulberry32: the same day on every run. */
function seeded(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = (random, items) => items[Math.floor(random() * items.length)];

/** A version-4-shaped UUID, as GitHub's X-GitHub-Delivery: ids cost their real tokens. */
function uuid(random) {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
}

/** Puts the event in one of the repositories, by one of the actors, on one of the threads, with a title of a few words. */
function edit(payload, { repository, actor, number, title }) {
  const [owner, name] = repository.split("/");
  if (payload.repository)
    payload.repository = {
      ...payload.repository,
      name,
      full_name: repository,
      private: false,
      html_url: `https://github.com/${repository}`,
      owner: { ...payload.repository.owner, login: owner },
    };
  if (payload.organization) payload.organization = { ...payload.organization, login: owner };
  payload.sender = { ...(payload.sender ?? { id: 1, type: "User" }), login: actor };
  for (const key of ["issue", "pull_request", "discussion"]) {
    if (!payload[key]) continue;
    payload[key].number = number;
    payload[key].title = title;
    payload[key].html_url = `https://github.com/${repository}/${key === "pull_request" ? "pull" : key === "issue" ? "issues" : "discussions"}/${number}`;
  }
  if (payload.release) payload.release.name = title;
  if (payload.head_commit) payload.head_commit.message = title;
}

/**
 * A busy organization's day as signed deliveries: `count` of GitHub's example
 * payloads (every event type) spread over `repositories` repositories, eight
 * actors and 40 threads a repository.
 */
export function busyDay({ count, repositories, secret, seed = 520 }) {
  const random = seeded(seed);
  const names = Array.from({ length: repositories }, (_, i) => `bench-org/service-${String(i + 1).padStart(2, "0")}`);
  return Array.from({ length: count }, () => {
    const { name, payload: example } = pick(random, EXAMPLES);
    const payload = structuredClone(example);
    const title = Array.from({ length: 3 + Math.floor(random() * 6) }, () => pick(random, WORDS)).join(" ");
    edit(payload, { repository: pick(random, names), actor: pick(random, ACTORS), number: 1 + Math.floor(random() * 40), title });
    const body = Buffer.from(JSON.stringify(payload));
    return { id: uuid(random), event: name, body, signature: signature(secret, body) };
  });
}
