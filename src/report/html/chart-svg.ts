// Failure rates with their 95% (Wilson) intervals as a plain SVG dot-and-whisker chart.
import type { TestSummary } from '../model.js';
import { h, type Raw } from './h.js';

const WIDTH = 960;
const LABEL_WIDTH = 380;
const ROW = 18;
/** The table lists every test; the chart shows the worst ones so it stays readable. */
export const MAX_CHART_TESTS = 50;
/** Test ids longer than this are cut in the label (the full id is in the tooltip). */
const LABEL_CHARS = 60;

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

export function failureRateChart(tests: readonly TestSummary[]): Raw | null {
  const rated = tests.filter((t) => Object.values(t.outcomes).some((n) => n > 0))
    .sort((a, b) => b.failureRate.estimate - a.failureRate.estimate || b.failureRate.high - a.failureRate.high)
    .slice(0, MAX_CHART_TESTS);
  if (rated.length === 0) return null;
  const plot = WIDTH - LABEL_WIDTH - 20;
  const x = (r: number): number => LABEL_WIDTH + Math.min(1, Math.max(0, r)) * plot;
  const height = 24 + rated.length * ROW;
  const parts: Raw[] = [];
  for (const f of [0, 0.25, 0.5, 0.75, 1]) {
    parts.push(h('line', { x1: x(f), x2: x(f), y1: 16, y2: height, stroke: '#eee' }),
      h('text', { x: x(f), y: 12, 'text-anchor': 'middle', fill: '#666' }, `${f * 100}%`));
  }
  rated.forEach((t, i) => {
    const y = 24 + i * ROW + ROW / 2;
    const r = t.failureRate;
    const label = Array.from(t.id).length > LABEL_CHARS ? `…${Array.from(t.id).slice(-LABEL_CHARS).join('')}` : t.id;
    const colour = r.estimate > 0 ? '#c62828' : '#2e7d32';
    parts.push(h('g', { class: 'rate' },
      h('title', {}, `${t.id}\nfailure rate ${pct(r.estimate)} (95% interval ${pct(r.low)} – ${pct(r.high)}), verdict ${t.verdict}`),
      h('text', { x: LABEL_WIDTH - 6, y: y + 4, 'text-anchor': 'end', class: 'label' }, label),
      h('line', { x1: x(r.low), x2: x(r.high), y1: y, y2: y, stroke: colour, 'stroke-width': 2 }),
      h('line', { x1: x(r.low), x2: x(r.low), y1: y - 4, y2: y + 4, stroke: colour }),
      h('line', { x1: x(r.high), x2: x(r.high), y1: y - 4, y2: y + 4, stroke: colour }),
      h('circle', { cx: x(r.estimate), cy: y, r: 4, fill: colour })));
  });
  return h('svg', { class: 'chart', width: WIDTH, height, viewBox: `0 0 ${WIDTH} ${height}`, role: 'img', 'aria-label': 'failure rates with 95% intervals' }, parts);
}
