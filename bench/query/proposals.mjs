import { measure } from "./measure.mjs";

/**
 * Schema changes the query layer would gain from, measured ad hoc on the
 * bench database: each index is created, the cases it is for are measured
 * again through the same functions, and it is dropped. The rollup is a table
 * the app does not have: its queries are timed directly.
 */
export const PROPOSED_INDEXES = [
  {
    name: "events_repository_event_type_idx",
    columns: "(repository, event_type, occurred_at)",
    why: "one repository's events of one type, newest first, and its counts by type",
    cases: ["recent: repository + pull_request", "eventStats: one repository"],
  },
  {
    name: "events_repository_actor_idx",
    columns: "(repository, actor, occurred_at)",
    why: "one person's events in one repository, newest first",
    cases: ["recent: repository + actor"],
  },
  {
    name: "events_occurred_at_cover_idx",
    columns: "(occurred_at, event_type, repository, owner, private)",
    why: "period stats and any count that must skip private events without reading rows (would replace events_occurred_at_idx)",
    cases: ["eventStats: one day", "eventStats: all, private excluded", "listRepositories: private excluded"],
  },
  {
    name: "events_repository_cover_idx",
    columns: "(repository, event_type, private, occurred_at)",
    why: "one repository's stats and per-repository counts without reading rows",
    cases: ["eventStats: one repository", "listRepositories: private excluded", "eventStats: all, private excluded"],
  },
];

/**
 * Counts per repository, owner, visibility and type, kept up to date as events
 * are stored and pruned: what all-time stats would read instead of every
 * event. (Per day, it would hold about as many rows as events in a large
 * organization: 200 repositories × 40 types a day.)
 */
const ROLLUP = "CREATE TABLE event_counts_proposal AS SELECT repository, owner, private, event_type, count(*) AS events FROM events GROUP BY 1, 2, 3, 4";
const ROLLUP_QUERIES = [
  ["all events", "1 = 1"],
  ["private excluded", "NOT private"],
  ["one repository", "repository = 'org-5/service-17'"],
];

export async function measureProposals(db, cases, { runs, budgetMs }) {
  const exec = (sql) => db.prisma.$executeRawUnsafe(sql);
  const lines = [];
  for (const proposal of PROPOSED_INDEXES) {
    const started = performance.now();
    await exec(`CREATE INDEX ${proposal.name} ON events ${proposal.columns}`);
    if (db.provider === "postgres") await exec("ANALYZE events");
    const built = performance.now() - started;
    try {
      lines.push(`CREATE INDEX ${proposal.name} ON events ${proposal.columns} — ${proposal.why} (built in ${(built / 1000).toFixed(1)} s)`);
      for (const name of proposal.cases) {
        const benchCase = cases.find((candidate) => candidate.name === name);
        const after = await measure(benchCase.run, { runs, budgetMs });
        lines.push(`    ${name.padEnd(40)} p95 ${benchCase.p95.toFixed(2).padStart(9)} ms → ${after.p95.toFixed(2).padStart(8)} ms`);
      }
    } finally {
      await exec(`DROP INDEX ${proposal.name}`);
    }
  }
  await exec(ROLLUP);
  try {
    const [{ rows }] = await db.prisma.$queryRawUnsafe("SELECT count(*) AS rows FROM event_counts_proposal");
    lines.push(`Rollup table event_counts_proposal (repository, owner, private, event_type, events): ${Number(rows).toLocaleString("en-US")} rows; all-time eventStats' two GROUP BYs on it:`);
    for (const [label, where] of ROLLUP_QUERIES) {
      const run = () =>
        Promise.all([
          db.prisma.$queryRawUnsafe(`SELECT event_type, sum(events) AS n FROM event_counts_proposal WHERE ${where} GROUP BY event_type`),
          db.prisma.$queryRawUnsafe(`SELECT repository, sum(events) AS n FROM event_counts_proposal WHERE ${where} GROUP BY repository`),
        ]);
      const result = await measure(run, { runs, budgetMs });
      lines.push(`    ${label.padEnd(40)} p50 ${result.p50.toFixed(2).padStart(9)} ms, p95 ${result.p95.toFixed(2).padStart(8)} ms`);
    }
  } finally {
    await exec("DROP TABLE event_counts_proposal");
  }
  return lines;
}
