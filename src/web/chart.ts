import type { ActivitySeries } from "./activity-series.js";
import { html, type Html } from "./html.js";

const WIDTH = 720;
const HEIGHT = 220;
const PLOT = { left: 36, right: 8, top: 8, bottom: 24 };

const label = (date: Date, dayBuckets: boolean) => (dayBuckets ? date.toISOString().slice(5, 10) : date.toISOString().slice(11, 16));

/**
 * A stacked bar chart as inline SVG, drawn on the server: readable without
 * JavaScript, colored by CSS classes (series-0…), each bar segment titled
 * with its count for a pointer or a screen reader.
 */
export function activityChart({ series, buckets, period }: ActivitySeries): Html {
  const plotWidth = WIDTH - PLOT.left - PLOT.right;
  const plotHeight = HEIGHT - PLOT.top - PLOT.bottom;
  const max = Math.max(1, ...buckets.map((bucket) => bucket.total));
  const slot = plotWidth / buckets.length;
  const barWidth = Math.max(1, slot * 0.8);
  const dayBuckets = period === "30d";
  const tickEvery = Math.ceil(buckets.length / 6);
  const bars = buckets.map((bucket, index) => {
    const x = PLOT.left + index * slot + (slot - barWidth) / 2;
    let y = PLOT.top + plotHeight;
    const segments = series.map((name, seriesIndex) => {
      const n = bucket.counts[name] ?? 0;
      if (n === 0) return html``;
      const height = (n / max) * plotHeight;
      y -= height;
      return html`<rect class="series-${seriesIndex}" x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${barWidth.toFixed(1)}" height="${height.toFixed(1)}"><title>${name}: ${n} (${label(bucket.start, dayBuckets)})</title></rect>`;
    });
    const tick =
      index % tickEvery === 0 ? html`<text class="tick" x="${(x + barWidth / 2).toFixed(1)}" y="${HEIGHT - 6}" text-anchor="middle">${label(bucket.start, dayBuckets)}</text>` : "";
    return html`${segments}${tick}`;
  });
  return html`<svg class="chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="Events per ${dayBuckets ? "day" : "period"}, stacked by ${series.length} series; the most in one bar: ${max}">
    <line class="axis" x1="${PLOT.left}" y1="${PLOT.top + plotHeight}" x2="${WIDTH - PLOT.right}" y2="${PLOT.top + plotHeight}"></line>
    <text class="tick" x="${PLOT.left - 4}" y="${PLOT.top + 10}" text-anchor="end">${max}</text>
    <text class="tick" x="${PLOT.left - 4}" y="${PLOT.top + plotHeight}" text-anchor="end">0</text>
    ${bars}
  </svg>
  <ul class="legend">${series.map((name, index) => html`<li><span class="swatch series-${index}"></span>${name}</li>`)}</ul>`;
}
