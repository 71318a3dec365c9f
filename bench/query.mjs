// `npm run bench:query`: the scoped query layer (src/query) on a database of
// BENCH_EVENTS synthetic events (default 1,000,000): p50/p95 of every query
// against its target, on SQLite, and on PostgreSQL when one is reachable.
//   BENCH_EVENTS=n      events to fill (default 1000000)
//   BENCH_RUNS=n        measured calls per case (default 200)
//   BENCH_KEEP=path     SQLite: fill this file once and reuse it on later runs
//   BENCH_PG_URL=url    PostgreSQL server (default postgresql://postgres@127.0.0.1:5432/test);
//                       a scratch database is created on it and dropped afterwards
//   BENCH_SKIP_PG=1     SQLite only
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { recentEvents } from "../dist/query/recent-events.js";
import { openDb } from "../dist/store/db.js";
import { applyMigrations } from "../dist/store/migrate.js";
import { updateSearchIndex } from "../dist/store/search-index.js";
import { benchCases, TARGETS } from "./query/cases.mjs";
import { countSqliteEvents, fillSqlite } from "./query/fill-sqlite.mjs";
import { fillPostgres } from "./query/fill-postgres.mjs";
import { measure } from "./query/measure.mjs";

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const CASE_BUDGET_MS = 20_000;
const PG_URL = process.env.BENCH_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/test";

const int = (n) => Math.round(n).toLocaleString("en-US");
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const size = (bytes) => (bytes >= 1024 ** 3 ? `${(bytes / 1024 ** 3).toFixed(2)} GB` : `${(bytes / 1024 ** 2).toFixed(1)} MB`);

function progress(label, total) {
  const started = performance.now();
  let shown = 0;
  return (done) => {
    if (done - shown < total / 10 && done < total) return;
    shown = done;
    process.stderr.write(`  ${label}: ${int(done)} / ${int(total)} (${seconds(performance.now() - started)})\n`);
  };
}

async function timed(work) {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

/** The newest stored event's time plus 1 ms: "now" for the cases, whether the data was filled now or kept from an earlier run. */
async function endOf(db) {
  const { events } = await recentEvents(db, { name: "bench", repositories: ["*"], allowPrivate: true }, {}, { limit: 1 });
  return new Date(Date.parse(events[0].event.timestamp) + 1);
}

async function runCases(db) {
  const results = [];
  for (const benchCase of await benchCases(db, await endOf(db))) {
    const sample = await benchCase.run();
    const result = await measure(benchCase.run, { runs: RUNS, budgetMs: CASE_BUDGET_MS });
    process.stderr.write(`  ${benchCase.name}: p95 ${result.p95.toFixed(2)} ms\n`);
    results.push({ ...benchCase, ...result, returned: describe(sample) });
  }
  return results;
}

/** What one call returned, so a fast case that found nothing stands out. */
function describe(result) {
  if (result === null) return "null";
  if (Array.isArray(result)) return `${result.length} repositories`;
  if ("events" in result && Array.isArray(result.events)) return `${result.events.length} events`;
  if ("total_events" in result && "repositories" in result && Array.isArray(result.repositories))
    return `${int(result.total_events)} events, ${JSON.stringify(result).length} chars`;
  if ("total_events" in result) return `${int(result.total_events)} events`;
  if ("event" in result) return "1 event";
  return "";
}

function printTable(title, facts, results) {
  console.log(`\n${title}`);
  for (const fact of facts) console.log(`  ${fact}`);
  const width = Math.max(...results.map((r) => r.name.length)) + 2;
  console.log(`  ${"case".padEnd(width)}${"p50 ms".padStart(9)}${"p95 ms".padStart(9)}  ${"runs".padStart(4)}  ${"target p95".padEnd(14)}returned`);
  for (const r of results) {
    const target = r.group ? TARGETS[r.group] : null;
    const verdict = target === null ? "—" : `≤ ${target} ${r.p95 <= target ? "met" : "NOT MET"}`;
    console.log(`  ${r.name.padEnd(width)}${r.p50.toFixed(2).padStart(9)}${r.p95.toFixed(2).padStart(9)}  ${String(r.runs).padStart(4)}  ${verdict.padEnd(14)}${r.returned}`);
  }
}

async function report(title, facts, db) {
  printTable(title, facts, await runCases(db));
}

async function benchSqlite() {
  const keep = process.env.BENCH_KEEP;
  const dir = keep ? null : mkdtempSync(join(tmpdir(), "code-buddy-bench-query-"));
  const path = keep ?? join(dir, "events.db");
  const url = `file:${path}`;
  try {
    const facts = [];
    if (keep && existsSync(path)) facts.push(`reusing ${path} (BENCH_KEEP)`);
    else {
      await applyMigrations(url);
      const fill = await timed(() => fillSqlite(path, EVENTS, new Date(), progress("SQLite fill", EVENTS)));
      facts.push(`filled in ${seconds(fill)} (${int((EVENTS / fill) * 1000)} events/s)`);
    }
    const db = await openDb(url);
    try {
      const indexing = await timed(() => updateSearchIndex(db));
      facts.push(`updateSearchIndex: ${seconds(indexing)}`);
      await db.prisma.$queryRawUnsafe("PRAGMA wal_checkpoint(TRUNCATE)");
      const events = countSqliteEvents(path);
      const bytes = statSync(path).size;
      facts.unshift(`${int(events)} events; database ${size(bytes)}, ${size((bytes / events) * 1e6)} per million events`);
      await report("SQLite", facts, db);
    } finally {
      await db.close();
    }
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

async function adminQuery(sql) {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

async function benchPostgres() {
  try {
    await adminQuery("SELECT 1");
  } catch (error) {
    console.log(`\nPostgreSQL: skipped, no server at ${PG_URL.replace(/\/\/[^@]*@/, "//")} (${error.message}); set BENCH_PG_URL.`);
    return;
  }
  const name = `code_buddy_bench_${randomBytes(4).toString("hex")}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  try {
    const url = Object.assign(new URL(PG_URL), { pathname: `/${name}` }).toString();
    await applyMigrations(url);
    const fill = await timed(() => fillPostgres(url, EVENTS, new Date(), progress("PostgreSQL fill", EVENTS)));
    const bytes = Number((await adminQuery(`SELECT pg_database_size('${name}') AS bytes`)).rows[0].bytes);
    const db = await openDb(url);
    try {
      const facts = [
        `${int(EVENTS)} events; database ${size(bytes)}, ${size((bytes / EVENTS) * 1e6)} per million events`,
        `filled in ${seconds(fill)} (${int((EVENTS / fill) * 1000)} events/s, indexes built after the rows, then VACUUM ANALYZE)`,
      ];
      await report("PostgreSQL", facts, db);
    } finally {
      await db.close();
    }
  } finally {
    await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

console.log(
  `bench:query — ${int(EVENTS)} synthetic events over 90 days, ~200 repositories of 10 owners (30% private), 500 actors; ${RUNS} runs per case (a slow case: as many as fit in 20 s, at least 3) after up to 20 warm-up calls; pages of 50`,
);
await benchSqlite();
if (process.env.BENCH_SKIP_PG !== "1") await benchPostgres();
