// One test's timeline as an SVG: a lane per thread; the test span and its sleeps on the lane's
// first row, each patch and fixture lifetime on a row of its own. A dashed line marks the test's
// end, so a leaked patch visibly runs past it (open-ended ones run to the right edge with an arrow).
import type { Lane, TestTimeline, TimelineItem } from '../timeline.js';
import { h, type Raw } from './h.js';

const WIDTH = 960;
const LABEL_WIDTH = 110;
const ROW = 18;
const AXIS = 22;
/** Room after the last known end for open-ended items: enough to read as "goes on". */
const OPEN_TAIL_FRACTION = 0.2;
/** Floor for the view width so a test with no measurable duration still draws (1 ms in ns). */
const MIN_SPAN_NS = 1e6;
/** More rows than this per test make the picture unreadable; the rest are counted, not drawn. */
export const MAX_ROWS = 40;
const COLOUR = { sleep: '#f9a825', leaked: '#c62828', patch: '#5c6bc0', fixture: '#00897b' } as const;

function fmt(ns: number): string {
  const ms = ns / 1e6;
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 2 : 0)} ms`;
}

function itemLabel(i: TimelineItem): string {
  if (i.kind === 'sleep') return `${i.api}(${i.requested})`;
  if (i.kind === 'patch') return `${i.via} ${i.target}${i.leaked ? ' (leaked)' : ''}`;
  return `${i.fixture}${i.released ? '' : ' (not released)'}`;
}

function itemTitle(i: TimelineItem, t0: number): string {
  const span = `${fmt(i.start - t0)} → ${i.end === null ? 'never ended' : fmt(i.end - t0)}`;
  const where = `${i.site.file}:${i.site.line}`;
  if (i.kind === 'sleep') return `${i.api} requested ${i.requested}s, slept ${i.actual.toFixed(4)}s at ${where}\n${span}`;
  if (i.kind === 'patch') return `${i.via} ${i.target} at ${where}\n${span}${i.leaked ? '\noutlived its owner' : ''}`;
  return `fixture ${i.fixture} (${i.scope}) at ${where}\n${span}${i.error ? `\ncleanup raised: ${i.error}` : ''}`;
}

interface Row { tid: number | null; items: TimelineItem[]; first: boolean }

function rows(lanes: readonly Lane[]): Row[] {
  const out: Row[] = [];
  for (const lane of lanes) {
    out.push({ tid: lane.tid, items: lane.items.filter((i) => i.kind === 'sleep'), first: true });
    for (const i of lane.items) if (i.kind !== 'sleep') out.push({ tid: lane.tid, items: [i], first: false });
  }
  return out;
}

export function timelineSvg(tl: TestTimeline): Raw {
  const all = tl.lanes.flatMap((l) => l.items);
  const known = [tl.start, tl.end ?? tl.start, ...all.flatMap((i) => [i.start, i.end ?? i.start])];
  const hasOpen = tl.end === null || all.some((i) => i.end === null);
  const lastKnown = Math.max(...known);
  const span = Math.max(lastKnown - tl.start, MIN_SPAN_NS);
  const viewEnd = tl.start + span * (1 + (hasOpen ? OPEN_TAIL_FRACTION : 0.02));
  const plot = WIDTH - LABEL_WIDTH - 10;
  const x = (t: number): number => LABEL_WIDTH + ((t - tl.start) / (viewEnd - tl.start)) * plot;
  const right = LABEL_WIDTH + plot;

  const allRows = rows(tl.lanes);
  const shown = allRows.slice(0, MAX_ROWS);
  const height = AXIS + shown.length * ROW + (allRows.length > shown.length ? ROW : 0) + 6;
  const parts: Raw[] = [];

  for (const f of [0, 0.25, 0.5, 0.75, 1]) {
    const t = tl.start + f * (viewEnd - tl.start);
    parts.push(h('line', { x1: x(t), x2: x(t), y1: AXIS - 4, y2: height, stroke: '#eee' }),
      h('text', { x: x(t), y: 12, 'text-anchor': f === 1 ? 'end' : f === 0 ? 'start' : 'middle', fill: '#666' }, fmt(t - tl.start)));
  }

  shown.forEach((row, r) => {
    const y = AXIS + r * ROW;
    if (row.first) {
      parts.push(h('text', { x: 4, y: y + 13, class: 'label' }, row.tid === null ? 'thread ?' : `thread ${row.tid}`));
      if (row.tid === tl.tid) {
        const end = tl.end ?? viewEnd;
        const fill = tl.outcome === 'failed' || tl.outcome === 'error' ? '#ef9a9a' : tl.outcome === 'skipped' ? '#ddd' : '#a5d6a7';
        parts.push(h('rect', { x: x(tl.start), y: y + 2, width: Math.max(1, x(end) - x(tl.start)), height: ROW - 4, fill, rx: 2 },
          h('title', {}, `test ${tl.test}: ${tl.outcome ?? 'did not end'} (${fmt(end - tl.start)})`)));
      }
    }
    for (const i of row.items) {
      const end = i.end ?? viewEnd;
      const w = Math.max(2, x(end) - x(i.start));
      const leaked = (i.kind === 'patch' && i.leaked) || (i.kind === 'fixture' && !i.released);
      const colour = i.kind === 'sleep' ? COLOUR.sleep : leaked ? COLOUR.leaked : COLOUR[i.kind];
      const h_ = i.kind === 'sleep' ? ROW - 8 : ROW - 6;
      parts.push(h('g', { class: `item ${i.kind}${leaked ? ' leaked' : ''}` },
        h('title', {}, itemTitle(i, tl.start)),
        h('rect', { x: x(i.start), y: y + (ROW - h_) / 2, width: w, height: h_, fill: colour, 'fill-opacity': i.kind === 'sleep' ? 0.9 : 0.75, rx: 2 }),
        i.end === null ? h('path', { d: `M${right - 8},${y + 3} L${right},${y + ROW / 2} L${right - 8},${y + ROW - 3} Z`, fill: colour }) : null,
        i.kind === 'sleep' ? null : h('text', { x: x(i.start) + 3, y: y + 13, fill: '#111' }, itemLabel(i))));
    }
  });
  if (allRows.length > shown.length) {
    parts.push(h('text', { x: LABEL_WIDTH, y: AXIS + shown.length * ROW + 13, fill: '#666' }, `… ${allRows.length - shown.length} more rows not drawn`));
  }
  if (tl.end !== null) {
    parts.push(h('line', { x1: x(tl.end), x2: x(tl.end), y1: AXIS - 4, y2: height, stroke: '#222', 'stroke-dasharray': '4 3' },
      h('title', {}, 'test end')));
  }
  return h('svg', { class: 'timeline', width: WIDTH, height, viewBox: `0 0 ${WIDTH} ${height}`, role: 'img', 'aria-label': `timeline of ${tl.test}` }, parts);
}
