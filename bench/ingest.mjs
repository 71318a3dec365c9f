// `npm run bench:ingest`: the app's webhook ingest on SQLite against a bare
// node:http + better-sqlite3 baseline, same signed bodies, same load.
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startChild } from "./child.mjs";
import { CONNECTIONS, load } from "./load.mjs";
import { profilesIn, selfTimes } from "./profile.mjs";
import { signedBodies } from "./signed-bodies.mjs";
import { inspectDb } from "./sqlite-file.mjs";

const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const WARMUP = 2;
const TARGETS = { ratio: 0.6, p99: 25, bytesPerEvent: 3 * 1024 };
const PROFILE_TOP = { functions: 25, packages: 15 };

const secret = randomBytes(32).toString("hex");
const bodies = signedBodies(secret);
// Generated here, once, so that RSA key generation stays out of the app's CPU profile.
const privateKey = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs1", format: "pem" }).toString();
const profileDir = process.env.BENCH_PROFILE === "1" ? mkdtempSync(join(tmpdir(), "code-buddy-profile-")) : null;

const SERVERS = [
  { name: "baseline", script: "servers/baseline.mjs", env: { WEBHOOK_SECRET: secret }, nodeOptions: [] },
  {
    name: "app",
    script: "servers/app.mjs",
    env: { WEBHOOK_SECRET: secret, APP_PRIVATE_KEY: privateKey },
    nodeOptions: profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [],
  },
];

const sum = (runs, key) => runs.reduce((total, run) => total + run[key], 0);

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * Every acknowledged (2xx) delivery must be in the database. Rows may exceed
 * the 2xx count by the requests still in flight when autocannon stopped, never
 * the number of requests sent.
 */
function problemsOf(loads, rows) {
  const [acknowledged, sent, non2xx, errors] = ["ok", "sent", "non2xx", "errors"].map((key) => sum(loads, key));
  const problems = [];
  if (non2xx > 0) problems.push(`${non2xx} non-2xx responses`);
  if (errors > 0) problems.push(`${errors} connection errors or timeouts`);
  if (rows < acknowledged || rows > sent) problems.push(`${rows} rows stored for ${acknowledged} acknowledged and ${sent} sent deliveries`);
  return { acknowledged, sent, non2xx, errors, problems };
}

/** One fresh server process on a fresh database: warm-up, measured run, then the database checked. */
async function benchmark({ script, env, nodeOptions }) {
  const dir = mkdtempSync(join(tmpdir(), "code-buddy-bench-"));
  const dbPath = join(dir, "events.db");
  try {
    const child = await startChild(script, { args: [dbPath], env, nodeOptions });
    const loads = [];
    try {
      loads.push(await load(child.url, bodies, WARMUP));
      loads.push(await load(child.url, bodies, DURATION));
    } finally {
      await child.stop();
    }
    const { rows, bytes } = inspectDb(dbPath);
    const { rps, p50, p99 } = loads[1];
    return { rps, p50, p99, rows, bytesPerEvent: rows > 0 ? bytes / rows : NaN, ...problemsOf(loads, rows) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const int = (n) => Math.round(n).toLocaleString("en-US");
const ms = (n) => n.toFixed(2).padStart(6);
const kb = (bytes) => `${(bytes / 1024).toFixed(2)} KB`;

function printRun(round, name, run) {
  console.log(
    `round ${round}  ${name.padEnd(8)} ${int(run.rps).padStart(6)} req/s  p50 ${ms(run.p50)} ms  p99 ${ms(run.p99)} ms  ${kb(run.bytesPerEvent).padStart(9)}/event  ` +
      `| ${int(run.acknowledged)} 2xx, ${int(run.non2xx)} non-2xx, ${int(run.errors)} errors; ${int(run.rows)} rows stored (${int(run.sent)} sent)`,
  );
  for (const problem of run.problems) console.log(`  ERROR: ${problem}`);
}

function summarize(runs) {
  const of = (key) => median(runs.map((run) => run[key]));
  return { rps: of("rps"), p50: of("p50"), p99: of("p99"), bytesPerEvent: of("bytesPerEvent") };
}

function printSummary(results) {
  const baseline = summarize(results.baseline);
  const app = summarize(results.app);
  const ratio = app.rps / baseline.rps;
  console.log(`\nMedian of ${ROUNDS} round(s)`);
  console.log("server       req/s   p50 ms   p99 ms   stored/event");
  for (const [name, s] of [
    ["baseline", baseline],
    ["app", app],
  ])
    console.log(`${name.padEnd(8)} ${int(s.rps).padStart(9)}   ${ms(s.p50)}   ${ms(s.p99)}   ${kb(s.bytesPerEvent).padStart(12)}`);

  const targets = [
    [`ratio app/baseline (req/s) >= ${TARGETS.ratio}`, ratio.toFixed(2), ratio >= TARGETS.ratio],
    [`app p99 <= ${TARGETS.p99} ms`, `${app.p99.toFixed(2)} ms`, app.p99 <= TARGETS.p99],
    [`app storage <= ${kb(TARGETS.bytesPerEvent)} per event`, kb(app.bytesPerEvent), app.bytesPerEvent <= TARGETS.bytesPerEvent],
  ];
  console.log(`\nTargets (concurrency ${CONNECTIONS})`);
  for (const [label, value, met] of targets) console.log(`  ${label.padEnd(36)} ${value.padStart(10)}   ${met ? "met" : "NOT met"}`);
}

function printProfile(dir) {
  const paths = profilesIn(dir);
  const { wall, busy, functions, packages } = selfTimes(paths);
  const line = ({ name, ms: self }) => `${self.toFixed(0).padStart(7)} ms ${((100 * self) / busy).toFixed(1).padStart(5)}%  ${name}`;
  console.log(`\nApp CPU profile (${paths.length} file(s), startup and warm-up included): busy ${busy.toFixed(0)} ms of ${wall.toFixed(0)} ms`);
  for (const path of paths) console.log(`  ${path}`);
  console.log(`Top ${PROFILE_TOP.functions} functions by self time:`);
  for (const entry of functions.slice(0, PROFILE_TOP.functions)) console.log(line(entry));
  console.log("Self time by package:");
  for (const entry of packages.slice(0, PROFILE_TOP.packages)) console.log(line(entry));
}

console.log(
  `Ingest benchmark: ${bodies.length} signed example bodies, ${CONNECTIONS} connections, ` +
    `${WARMUP} s warm-up + ${DURATION} s per run, ${ROUNDS} round(s)${profileDir ? ", app under --cpu-prof (slower)" : ""}.\n` +
    "Latencies are of the measured run; response and row counts include the warm-up.\n",
);
const results = { baseline: [], app: [] };
for (let round = 1; round <= ROUNDS; round++) {
  for (const server of SERVERS) {
    const run = await benchmark(server);
    results[server.name].push(run);
    printRun(round, server.name, run);
  }
  console.log(`round ${round}  ratio app/baseline (req/s): ${(results.app.at(-1).rps / results.baseline.at(-1).rps).toFixed(2)}`);
}
printSummary(results);
if (profileDir) printProfile(profileDir);

const failed = [...results.baseline, ...results.app].some((run) => run.problems.length > 0);
console.log(`\nCorrectness: ${failed ? "FAILED (see ERROR lines above)" : "every acknowledged delivery stored, no non-2xx responses, no errors"}`);
process.exitCode = failed ? 1 : 0;
