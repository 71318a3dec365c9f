// `npm run bench:push`: how long after GitHub gets its 200 an event reaches the subscribers, at a steady rate.
// One webhook subscription (Standard Webhooks receiver) and one Letta subscription (a fake Letta that answers
// after BENCH_LETTA_DELAY_MS), both on loopback; the app in a child process with its delivery worker.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { addSubscription } from "../dist/delivery/subscriptions.js";
import { generateWebhookSecret } from "../dist/delivery/signing.js";
import { openDb } from "../dist/store/db.js";
import { applyMigrations } from "../dist/store/migrate.js";
import { startChild } from "./child.mjs";
import { startFakeLetta, startWebhookReceiver } from "./push/receivers.mjs";
import { signedBodies } from "./signed-bodies.mjs";

const DURATION = Number(process.env.BENCH_DURATION ?? 60);
const RATE = Number(process.env.BENCH_RATE ?? 100);
const WARMUP = 3;
const LETTA_DELAY_MS = Number(process.env.BENCH_LETTA_DELAY_MS ?? 50);
const DRAIN_MS = 30_000;
const TARGET_P99_MS = 250;

const percentile = (sorted, p) => (sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Everything matches: every example payload is pushed to both subscribers. */
const ALL = { includeBots: true, includePrivate: true };

async function prepareDatabase(url, webhookUrl, webhookSecret, lettaUrl) {
  await applyMigrations(url);
  const db = await openDb(url);
  try {
    await addSubscription(db.prisma, { name: "bench-webhook", webhook: { url: webhookUrl, secret: webhookSecret }, rules: ALL });
    await addSubscription(db.prisma, { name: "bench-letta", letta: { agentId: "agent-bench", baseUrl: lettaUrl, apiKey: "" }, rules: ALL });
  } finally {
    await db.close();
  }
}

/** POSTs signed deliveries at a fixed rate (not waiting for answers); resolves with each acknowledged id's 200 time. */
async function sendAtRate(url, bodies, prefix, seconds) {
  const acks = new Map();
  const failures = [];
  const pending = [];
  const count = Math.round(seconds * RATE);
  const start = performance.now();
  for (let i = 0; i < count; i += 1) {
    const wait = start + (i * 1000) / RATE - performance.now();
    if (wait > 0) await sleep(wait);
    const { event, body, signature } = bodies[i % bodies.length];
    const id = `${prefix}-${i}`;
    const headers = { "content-type": "application/json", "x-github-event": event, "x-github-delivery": id, "x-hub-signature-256": signature };
    pending.push(
      fetch(`${url}/api/github/webhooks`, { method: "POST", headers, body }).then(
        async (response) => {
          if (response.status === 200) acks.set(id, performance.now());
          else failures.push(`${id}: ${response.status}`);
          await response.arrayBuffer();
        },
        (error) => failures.push(`${id}: ${error.message}`),
      ),
    );
  }
  await Promise.all(pending);
  return { acks, failures, sent: count, seconds: (performance.now() - start) / 1000 };
}

async function drained(acks, arrivals) {
  const deadline = Date.now() + DRAIN_MS;
  while (Date.now() < deadline && [...acks.keys()].some((id) => !arrivals.has(id))) await sleep(50);
}

function latencies(acks, arrivals) {
  const values = [];
  let missing = 0;
  for (const [id, ackedAt] of acks) {
    const arrivedAt = arrivals.get(id);
    if (arrivedAt === undefined) missing += 1;
    // Delivered before the 200 reached the sender (the worker wakes at commit): 0, not negative.
    else values.push(Math.max(0, arrivedAt - ackedAt));
  }
  values.sort((a, b) => a - b);
  return { missing, p50: percentile(values, 50), p90: percentile(values, 90), p99: percentile(values, 99), max: values.at(-1) ?? NaN, count: values.length };
}

const ms = (n) => `${n.toFixed(1).padStart(7)} ms`;
const line = (name, l) =>
  `${name.padEnd(8)} received ${String(l.count).padStart(6)}  missing ${String(l.missing).padStart(4)}   p50 ${ms(l.p50)}   p90 ${ms(l.p90)}   p99 ${ms(l.p99)}   max ${ms(l.max)}`;

const dir = mkdtempSync(join(tmpdir(), "code-buddy-bench-push-"));
const databaseUrl = process.env.BENCH_DATABASE_URL ?? `file:${join(dir, "events.db")}`;
const githubSecret = randomBytes(32).toString("hex");
const webhookSecret = generateWebhookSecret();
const receiver = await startWebhookReceiver(webhookSecret);
const letta = await startFakeLetta(LETTA_DELAY_MS);
let child = null;
try {
  await prepareDatabase(databaseUrl, receiver.url, webhookSecret, letta.url);
  child = await startChild("push/server.mjs", { args: [databaseUrl], env: { WEBHOOK_SECRET: githubSecret } });
  const bodies = signedBodies(githubSecret);
  console.log(
    `Push benchmark: ${RATE} signed webhooks/s for ${DURATION} s (after ${WARMUP} s of warm-up), ${bodies.length} example bodies in rotation, ` +
      `${databaseUrl.startsWith("file:") ? "SQLite" : "PostgreSQL"}; fake Letta answers after ${LETTA_DELAY_MS} ms.\n` +
      "Latency: from the POST's 200 at the sender to the event's first arrival at the receiver (same process clock).\n",
  );
  const warmup = await sendAtRate(child.url, bodies, "warmup", WARMUP);
  await drained(warmup.acks, receiver.arrivals);
  const run = await sendAtRate(child.url, bodies, "run", DURATION);
  await drained(run.acks, receiver.arrivals);
  await drained(run.acks, letta.arrivals);

  const webhook = latencies(run.acks, receiver.arrivals);
  const agent = latencies(run.acks, letta.arrivals);
  console.log(`sent ${run.sent} in ${run.seconds.toFixed(1)} s (${(run.sent / run.seconds).toFixed(1)}/s), ${run.acks.size} acknowledged with 200, ${run.failures.length} failed`);
  console.log(line("webhook", webhook));
  console.log(line("letta", agent));
  console.log(
    `webhook receiver: ${receiver.stats.requests} requests, ${receiver.stats.duplicates} duplicate webhook-ids, ${receiver.stats.badSignatures} bad signatures; ` +
      `letta: ${letta.stats.messages} messages for ${letta.stats.events} events (${(letta.stats.events / letta.stats.messages).toFixed(1)} per message), at most ${letta.stats.maxInFlight} in flight`,
  );
  const met = webhook.p99 <= TARGET_P99_MS;
  console.log(`\nTarget: webhook p99 <= ${TARGET_P99_MS} ms: ${webhook.p99.toFixed(1)} ms, ${met ? "met" : "NOT met"}`);
  const problems = [
    ...run.failures.slice(0, 5),
    ...(webhook.missing + agent.missing > 0 ? [`${webhook.missing} webhook and ${agent.missing} Letta deliveries missing after ${DRAIN_MS / 1000} s`] : []),
    ...(receiver.stats.badSignatures > 0 ? ["bad signatures"] : []),
    ...(letta.stats.maxInFlight > 1 ? ["Letta got two messages at once"] : []),
  ];
  for (const problem of problems) console.log(`ERROR: ${problem}`);
  process.exitCode = problems.length > 0 || !met ? 1 : 0;
} finally {
  await child?.stop();
  await receiver.close();
  await letta.close();
  rmSync(dir, { recursive: true, force: true });
}
