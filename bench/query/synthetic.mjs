// Synthetic events for bench/query.mjs: GitHub's example payloads dressed with
// varied owners, repositories, actors, numbers and texts, normalized by the
// app's own normalizer into exactly the column values the app writes.
import { randomUUID } from "node:crypto";
import { createRequire } from "node:module";
import { normalize } from "../../dist/normalize/index.js";
import { encodedEventRow } from "../../dist/store/events.js";
import { encodePayload } from "../../dist/store/payload-codec.js";

const DAY = 24 * 60 * 60 * 1000;
export const SPAN_DAYS = 90;
const OWNERS = 10;
const REPOSITORIES_PER_OWNER = 20;
const ACTORS = 500;
const THREADS_PER_REPOSITORY = 3000;

/** Mulberry32: the same sequence on every run, so runs compare. */
export function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Draws 0..n-1 with Zipf-like weights 1/(k+1)^s: a few busy, many quiet. */
function zipf(n, s, next) {
  const cumulative = new Float64Array(n);
  let total = 0;
  for (let k = 0; k < n; k++) cumulative[k] = total += 1 / (k + 1) ** s;
  return () => {
    const target = next() * total;
    let low = 0;
    let high = n - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (cumulative[middle] < target) low = middle + 1;
      else high = middle;
    }
    return low;
  };
}

const HEAD_WORDS = (
  "fix add update remove login timeout deploy build test refactor cache error crash flaky docs readme api client server config upgrade bump " +
  "dependency release migration database query index search token auth permission webhook retry queue worker memory leak performance slow " +
  "review merge conflict branch rollback feature flag dark mode layout button mobile android ios linux windows release notes changelog typo " +
  "security vulnerability patch hotfix regression benchmark metrics logging trace alert dashboard pagination cursor"
).split(" ");
const SYLLABLES = ["ka", "lo", "mi", "nu", "pe", "ra", "si", "to", "vu", "ze", "bo", "de", "fi", "gu", "ha", "jo", "ky", "ly", "mo", "ni"];

/** Real words first (the common ones), then made-up ones for the long tail. */
export const VOCABULARY = [...HEAD_WORDS];
for (let index = 0; VOCABULARY.length < 20000; index++) {
  let word = "q";
  for (let rest = index, digit = 0; digit < 4; digit++, rest = Math.floor(rest / SYLLABLES.length)) word += SYLLABLES[rest % SYLLABLES.length];
  VOCABULARY.push(word);
}

/** How often each event type arrives in a busy organization (the rest: 0.3). */
const TYPE_WEIGHTS = {
  check_run: 14,
  workflow_job: 10,
  push: 10,
  pull_request: 10,
  issue_comment: 8,
  workflow_run: 7,
  check_suite: 6,
  issues: 6,
  status: 5,
  pull_request_review: 5,
  pull_request_review_comment: 4,
  create: 2,
  delete: 2,
  release: 1,
  discussion: 1,
  deployment_status: 1,
};
const SKIPPED = new Set(["ping", "meta", "github_app_authorization", "marketplace_purchase", "installation", "installation_repositories", "sponsorship"]);

function templates() {
  const definitions = createRequire(import.meta.url)("@octokit/webhooks-examples").filter((definition) => !SKIPPED.has(definition.name));
  return definitions.flatMap(({ name, examples }) =>
    examples.map((payload) => {
      const raw = Buffer.from(JSON.stringify(payload));
      return { name, payload: structuredClone(payload), weight: (TYPE_WEIGHTS[name] ?? 0.3) / examples.length, encoded: encodePayload(raw) };
    }),
  );
}

export function world() {
  const owners = Array.from({ length: OWNERS }, (_, o) => `Org-${o}`);
  const next = random(7);
  const repositories = owners.flatMap((owner, o) =>
    Array.from({ length: REPOSITORIES_PER_OWNER }, (_, r) => ({ owner, name: `Service-${r}`, full_name: `${owner}/Service-${r}`, id: 1000 + o * 100 + r, private: next() < 0.3 })),
  );
  const actors = Array.from({ length: ACTORS }, (_, a) => ({ login: a % 50 === 0 ? `bot-${a}[bot]` : `Dev-${a}`, id: 5000 + a }));
  return { owners, repositories, actors };
}

function isObject(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Puts this event's repository, actor, number and texts into the template, in place. */
function dress(payload, { repository, actor, number, phrase }) {
  if (isObject(payload.repository)) {
    Object.assign(payload.repository, {
      id: repository.id,
      name: repository.name,
      full_name: repository.full_name,
      private: repository.private,
      html_url: `https://github.com/${repository.full_name}`,
    });
    if (isObject(payload.repository.owner)) payload.repository.owner.login = repository.owner;
  }
  if (isObject(payload.organization)) payload.organization.login = repository.owner;
  if (isObject(payload.sender)) Object.assign(payload.sender, actor);
  for (const key of ["issue", "pull_request", "discussion"]) {
    const item = payload[key];
    if (!isObject(item)) continue;
    item.number = number;
    item.title = phrase(3, 7);
    if ("body" in item) item.body = phrase(10, 30);
  }
  if (isObject(payload.comment) && "body" in payload.comment) payload.comment.body = phrase(5, 25);
  for (const key of ["check_run", "check_suite", "workflow_run"]) {
    const run = payload[key];
    if (isObject(run) && Array.isArray(run.pull_requests) && isObject(run.pull_requests[0])) run.pull_requests[0].number = number;
  }
  if (Array.isArray(payload.commits)) for (const commit of payload.commits) if (isObject(commit)) commit.message = phrase(3, 9);
}

/**
 * `count` events over the SPAN_DAYS before `end`, in time order (ids and
 * times rise together, as the app stores them), yielded as batches of rows
 * with the values src/store/events.ts eventRow writes.
 */
export function* syntheticRows(count, end, batchSize) {
  const { repositories, actors } = world();
  const all = templates();
  const next = random(42);
  const cumulative = [];
  let total = 0;
  for (const template of all) cumulative.push((total += template.weight));
  const pickTemplate = () => {
    const target = next() * total;
    return all[cumulative.findIndex((value) => value >= target)];
  };
  const pickRepository = zipf(repositories.length, 1.0, next);
  const pickActor = zipf(actors.length, 1.1, next);
  const pickThread = zipf(THREADS_PER_REPOSITORY, 0.8, next);
  const pickWord = zipf(VOCABULARY.length, 1.05, next);
  const phrase = (min, max) => Array.from({ length: min + Math.floor(next() * (max - min + 1)) }, () => VOCABULARY[pickWord()]).join(" ");
  const start = end.getTime() - SPAN_DAYS * DAY;
  let batch = [];
  for (let index = 0; index < count; index++) {
    const template = pickTemplate();
    const repository = repositories[pickRepository()];
    dress(template.payload, { repository, actor: actors[pickActor()], number: 1 + pickThread(), phrase });
    const receivedAt = new Date(start + Math.floor(((index + next()) * SPAN_DAYS * DAY) / count));
    batch.push(encodedEventRow(normalize({ deliveryId: randomUUID(), name: template.name, payload: template.payload, receivedAt }), template.encoded, receivedAt));
    if (batch.length === batchSize) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
