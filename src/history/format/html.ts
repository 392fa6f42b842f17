// `flakescope history --format html`: one self-contained page (no script, no fetch: a CSP that allows
// only its own inline style by hash) with the ranking and, per test, its trend: one bar per commit,
// as tall as the runs there, red for the share that failed.
import { createHash } from 'node:crypto';
import { h, raw, render, type Raw } from '../../report/html/h.js';
import { STYLE } from '../../report/html/style.js';
import { percent, shortCommit, type HistoryResult } from '../result.js';
import type { HistoryTest } from '../rank.js';

const BAR_WIDTH = 10;
const BAR_GAP = 2;
const TREND_HEIGHT = 40;
/** Commits drawn per test: the latest ones, so a long history stays one line wide. */
const TREND_MAX_BARS = 60;

const sha256 = (text: string): string => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

function trendSvg(t: HistoryTest): Raw | null {
  const points = (t.trend ?? []).slice(-TREND_MAX_BARS);
  if (points.length === 0) return null;
  const most = Math.max(...points.map((p) => p.runs), 1);
  const width = points.length * (BAR_WIDTH + BAR_GAP);
  const bars = points.flatMap((p, i) => {
    const x = i * (BAR_WIDTH + BAR_GAP);
    const total = (p.runs / most) * TREND_HEIGHT;
    const failed = p.runs === 0 ? 0 : (p.failures / p.runs) * total;
    const label = `${shortCommit(p.commit)} ${p.date.slice(0, 10)}: ${p.failures} of ${p.runs} failed`;
    return [
      h('rect', { x, y: TREND_HEIGHT - total, width: BAR_WIDTH, height: total - failed, fill: '#2e7d32' }, h('title', {}, label)),
      failed > 0 ? h('rect', { x, y: TREND_HEIGHT - failed, width: BAR_WIDTH, height: failed, fill: '#c62828' }, h('title', {}, label)) : null,
    ];
  });
  return h('svg', { xmlns: 'http://www.w3.org/2000/svg', width, height: TREND_HEIGHT, role: 'img', 'aria-label': `runs and failures per commit for ${t.id}` }, bars);
}

function testRow(t: HistoryTest, i: number): Raw {
  const rate = t.verdict === 'flaky' ? `${percent(t.flakeRate)} (${percent(t.interval.low)}–${percent(t.interval.high)})` : 'failing';
  return h('tr', {},
    h('td', {}, i + 1),
    h('td', { class: 'mono' }, t.id, t.quarantined ? h('span', { class: 'muted' }, ' quarantined') : null),
    h('td', {}, rate), h('td', {}, t.runs), h('td', {}, t.failures),
    h('td', {}, `${t.cost.seconds.toFixed(1)} s, ${t.cost.reruns} reruns`),
    h('td', { class: 'mono' }, t.flakySince ? `${shortCommit(t.flakySince.commit)}, ${t.flakySince.days} d, ${t.flakySince.runs} runs` : ''),
    h('td', {}, trendSvg(t)));
}

function findingsOf(t: HistoryTest): Raw | null {
  if (t.findings.length === 0 && !t.lastFailure) return null;
  return h('section', {},
    h('h3', { class: 'mono' }, t.id),
    t.lastFailure ? h('p', {}, `Last failure ${t.lastFailure.date.slice(0, 16).replace('T', ' ')} at ${shortCommit(t.lastFailure.commit)}: `, h('span', { class: 'mono' }, t.lastFailure.message ?? '')) : null,
    t.findings.length > 0 ? h('ul', {}, t.findings.map((f) => h('li', {},
      f.site ? h('span', { class: 'mono' }, `${f.site.file}:${f.site.line} `) : null,
      h('strong', {}, `${f.severity} ${f.kind}`), f.role === 'victim' ? ' (affects this test)' : '', `: ${f.message}`))) : null);
}

export function renderHistoryHtml(result: HistoryResult): string {
  const csp = `default-src 'none'; style-src ${sha256(STYLE)}; img-src data:; base-uri 'none'; form-action 'none'`;
  const window = result.since === null ? 'all history' : `since ${result.since.slice(0, 10)}`;
  const body = h('body', {},
    h('h1', {}, `flakescope history: ${result.tests.length} test(s) failed`),
    h('p', { class: 'muted' }, `${window}, ${result.records} record(s) in ${result.store}`),
    result.tests.length === 0 ? h('p', {}, 'No test failed in this window.') : h('table', {},
      h('thead', {}, h('tr', {}, ['#', 'test', 'flake rate (95%)', 'runs', 'failures', 'cost', 'flaky since', 'trend per commit'].map((c) => h('th', {}, c)))),
      h('tbody', {}, result.tests.map(testRow))),
    h('h2', {}, 'Evidence'), result.tests.map(findingsOf),
    result.candidates.tests.length > 0
      ? [h('h2', {}, 'Quarantine candidates'), h('ul', {}, result.candidates.tests.map((c) => h('li', { class: 'mono' }, `${c.id}: ${percent(c.flakeRate)} of ${c.runs} runs`)))]
      : null);
  return '<!DOCTYPE html>\n' + render(h('html', { lang: 'en' },
    h('head', {},
      h('meta', { charset: 'utf-8' }),
      h('meta', { 'http-equiv': 'Content-Security-Policy', content: csp }),
      h('title', {}, 'flakescope history'),
      h('style', {}, raw(STYLE))),
    body)) + '\n';
}
