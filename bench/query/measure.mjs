const WARMUP = { runs: 20, ms: 2000 };
const MIN_RUNS = 3;

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/**
 * p50/p95 of `runs` calls after a warm-up. A slow case stops warming up after
 * 2 s and measuring after `budgetMs` (at least 3 runs), so it cannot stall
 * the bench; the table shows how many runs each case got.
 */
export async function measure(run, { runs, budgetMs }) {
  const warming = performance.now();
  for (let i = 0; i < WARMUP.runs && (i === 0 || performance.now() - warming < WARMUP.ms); i++) await run();
  const times = [];
  const started = performance.now();
  while (times.length < runs && (times.length < MIN_RUNS || performance.now() - started < budgetMs)) {
    const t0 = performance.now();
    await run();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { runs: times.length, p50: percentile(times, 50), p95: percentile(times, 95) };
}
