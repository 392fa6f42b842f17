// One self-contained HTML file: verdicts, findings (errors first, identical ones as one, each linked to
// its source excerpt), a failure-rate chart when there was more than one run, and
// per test a timeline per run. Works offline: no external resource, and a Content-Security-Policy
// that forbids any fetch (inline style and script are allowed by hash only).
// Every user-controlled string goes through the escaping builder in html/h.ts; the report itself
// is embedded as JSON in <script type="application/json"> with <, > and & escaped.
import { createHash } from 'node:crypto';
import type { Finding } from '../check/finding.js';
import { reproduceOf } from '../check/reproduce.js';
import { fixOf, verificationLine } from '../fix/record.js';
import { shellLine } from './shell-line.js';
import type { Report, TestSummary } from './model.js';
import type { TestTimeline } from './timeline.js';
import { FINDING_KINDS } from './kinds.js';
import { jsonForScript } from './escape.js';
import { h, raw, render, type Raw } from './html/h.js';
import { STYLE } from './html/style.js';
import { timelineSvg } from './html/timeline-svg.js';
import { failureRateChart } from './html/chart-svg.js';
import { sourceExcerpt } from './html/source.js';
import { sleepsSection } from './html/sleeps-table.js';
import { DETAIL_CAP } from '../trace/fold.js';
import { makeRedactor } from '../trace/redact.js';

export interface HtmlOptions {
  /** Timelines of the runs to draw (buildTimelines over each run's events). */
  timelines?: ReadonlyArray<{ run: number; tests: readonly TestTimeline[] }>;
  /** Sleeps and patch events left out of the timelines (each process draws a bounded number of them). */
  undrawn?: number;
  /** Source text by site.file, read by the caller; excerpts are cut, redacted and escaped here. */
  sources?: ReadonlyMap<string, string>;
  /** Values to redact from source excerpts (knownSecretsFromEnv). Rule-based redaction always applies. */
  knownSecrets?: readonly string[];
}

/** Filters the tests table and timelines by a typed substring; reads only the DOM. */
const SCRIPT = `
document.getElementById('filter').addEventListener('input', function (ev) {
  var q = ev.target.value.toLowerCase();
  document.querySelectorAll('[data-test]').forEach(function (el) {
    el.classList.toggle('hidden', q !== '' && el.getAttribute('data-test').toLowerCase().indexOf(q) < 0);
  });
});
`;

function sha256(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

/** Failure rate per condition, plain first: a perturbation's failures never show as the plain rate. */
function ratesCell(t: TestSummary): Raw {
  const rates = t.failureRates ?? [{ condition: 'plain', failed: 0, runs: 0, ...t.failureRate }];
  return h('td', {}, rates.filter((r) => r.runs > 0 || r.condition === 'plain').map((r) => h('div', {},
    h('span', { class: 'mono' }, r.condition), `: ${r.failed} of ${r.runs}, ${pct(r.estimate)} (${pct(r.low)} – ${pct(r.high)})`)));
}

function testsTable(tests: readonly TestSummary[]): Raw {
  return h('table', {},
    h('thead', {}, h('tr', {}, h('th', {}, 'Test'), h('th', {}, 'Verdict'), h('th', {}, 'Outcomes'), h('th', {}, 'Failure rate per condition (95% interval)'))),
    h('tbody', {}, tests.map((t) => h('tr', { 'data-test': t.id },
      h('td', { class: 'id' }, t.id),
      h('td', { class: `verdict v-${t.verdict}` }, t.verdict),
      h('td', {}, Object.entries(t.outcomes).filter(([, n]) => n > 0).map(([k, n]) => `${k} ${n}`).join(', ')),
      ratesCell(t)))));
}

/** The reproducer's line, escaped like every other text node. */
function reproduceBlock(f: Finding): Raw | null {
  const r = reproduceOf(f);
  if (!r) return null;
  return h('div', { class: 'reproduce' },
    h('p', { class: 'muted' }, `Reproducer (failed ${r.reliability.failed} of ${r.reliability.runs} replays)${r.notes?.length ? `: ${r.notes.join('; ')}` : ''}`),
    h('pre', { class: 'mono' }, shellLine(r)));
}

/** The fix `flakescope fix` proposed, as its diff under its verification line. */
function fixBlock(f: Finding): Raw | null {
  const r = fixOf(f);
  if (!r) return null;
  return h('div', { class: 'fix' },
    h('p', { class: 'muted' }, `Fix: ${verificationLine(r)}`),
    r.patch ? h('pre', { class: 'src' }, r.patch) : null);
}

const SEVERITY_ORDER: Readonly<Record<Finding['severity'], number>> = { error: 0, warning: 1, info: 2 };

/** Findings that say the same thing: same kind, severity, site, target and message once each one's
 *  own test id is taken out of it (a sleep deciding five tests, the same leak line in five classes). */
export interface FindingGroup {
  lead: Finding;
  tests: string[];
}

export function groupFindings(findings: readonly Finding[]): FindingGroup[] {
  const groups = new Map<string, FindingGroup>();
  for (const f of findings) {
    const message = f.test ? f.message.split(f.test).join('\u0000') : f.message;
    const key = JSON.stringify([f.kind, f.severity, f.site?.file ?? null, f.site?.line ?? null, f.target ?? null, message]);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, { lead: f, tests: f.test ? [f.test] : [] });
    else if (f.test) group.tests.push(f.test);
  }
  // Errors first, then warnings, then info; report order within a severity.
  return [...groups.values()].sort((a, b) => SEVERITY_ORDER[a.lead.severity] - SEVERITY_ORDER[b.lead.severity]);
}

function findingsSection(findings: readonly Finding[], opts: HtmlOptions): Raw {
  if (findings.length === 0) return h('p', { class: 'muted' }, 'No findings.');
  const redact = makeRedactor(opts.knownSecrets ?? []);
  return h('div', {}, groupFindings(findings).map(({ lead: f, tests }, i) => {
    const where = f.site ? `${f.site.file}:${f.site.line}` : null;
    const text = f.site ? opts.sources?.get(f.site.file) : undefined;
    const excerpt = f.site && text !== undefined ? sourceExcerpt(f.site, text, redact) : null;
    const more = tests.length > 1 ? tests.length - 1 : 0;
    return h('details', { class: 'finding', id: `finding-${i}`, open: i < 20 },
      h('summary', {},
        h('span', { class: `sev-${f.severity}` }, f.severity), ' ',
        FINDING_KINDS[f.kind]?.title ?? f.kind, ' ',
        where ? h('a', { href: `#src-${i}`, class: 'mono' }, where) : null,
        f.test ? [' in ', h('span', { class: 'mono' }, f.test)] : null,
        more > 0 ? h('span', { class: 'muted' }, ` and ${more} more test(s) alike`) : null),
      h('p', {}, f.message),
      more > 0 ? h('p', {}, 'The same finding in: ', tests.slice(1).map((t, k) => [k > 0 ? ', ' : '', h('span', { class: 'mono' }, t)])) : null,
      f.target ? h('p', { class: 'mono muted' }, `target: ${f.target}`) : null,
      reproduceBlock(f),
      fixBlock(f),
      excerpt ? h('figure', { id: `src-${i}` }, h('figcaption', { class: 'mono' }, where), excerpt)
        : where ? h('p', { id: `src-${i}`, class: 'muted' }, `source of ${where} not available`) : null);
  }));
}

function timelinesSection(report: Report, opts: HtmlOptions): Raw {
  const runs = opts.timelines ?? [];
  if (runs.length === 0) return h('p', { class: 'muted' }, 'No timelines: render with the saved traces to see them.');
  const ids = [...new Set([...report.tests.map((t) => t.id), ...runs.flatMap((r) => r.tests.map((t) => t.test))])];
  return h('div', {}, ids.map((id, i) => {
    const drawn = runs.flatMap((r) => r.tests.filter((t) => t.test === id).map((tl) => ({ run: r.run, tl })));
    if (drawn.length === 0) return null;
    const verdict = report.tests.find((t) => t.id === id)?.verdict;
    return h('details', { 'data-test': id, open: i < 10 && verdict !== undefined && verdict !== 'pass' && verdict !== 'skip' },
      h('summary', {}, h('span', { class: 'mono' }, id), verdict ? h('span', { class: `verdict v-${verdict}` }, ` ${verdict}`) : null),
      drawn.map(({ run, tl }) => h('div', { class: 'run' },
        h('p', { class: 'muted' }, `run ${run}: ${tl.outcome ?? 'did not end'}`, tl.message ? `: ${tl.message}` : ''),
        timelineSvg(tl))));
  }));
}

export function renderHtml(report: Report, opts: HtmlOptions = {}): string {
  const bad = report.tests.filter((t) => t.verdict !== 'pass' && t.verdict !== 'skip').length;
  // One run gives every test an interval as wide as 0-79%: a chart of those says nothing.
  const chart = report.runs.length > 1 ? failureRateChart(report.tests) : null;
  const csp = `default-src 'none'; style-src ${sha256(STYLE)}; script-src ${sha256(SCRIPT)}; img-src data:; base-uri 'none'; form-action 'none'`;
  const body = h('body', {},
    h('h1', {}, `flakescope: ${bad} of ${report.tests.length} tests need attention, ${report.findings.length} findings`),
    h('p', { class: 'mono muted' }, `${report.runs.length} run(s) of `, report.command.join(' ')),
    h('input', { id: 'filter', type: 'search', placeholder: 'filter tests', 'aria-label': 'filter tests' }),
    h('h2', {}, 'Tests'), testsTable(report.tests),
    h('h2', {}, 'Findings'), findingsSection(report.findings, opts),
    chart ? [h('h2', {}, 'Failure rates'), chart] : null,
    h('h2', {}, 'Sleeps'),
    h('p', { class: 'muted' }, 'Each sleep of the suite\'s code is scaled on its own (every other at 1x), and against sleeps on other threads in opposite directions; "decides nothing" only when every such condition ran often enough to bound its flip rate.'),
    sleepsSection(report.sleeps),
    h('h2', {}, 'Timelines'),
    h('p', { class: 'muted' }, 'Per thread: the test span, sleeps (yellow), patches (blue), fixtures (green); red marks a patch or fixture that outlived its owner. The dashed line is the test end.'),
    opts.undrawn ? h('p', { class: 'muted' }, `Long traces: each process draws its first ${DETAIL_CAP} sleeps and promptly undone patches; ${opts.undrawn} more are counted in the summaries and findings but not drawn.`) : null,
    timelinesSection(report, opts),
    report.warnings.length > 0 ? [h('h2', {}, 'Warnings'), h('ul', {}, report.warnings.map((w) => h('li', {}, `${w.where}: ${w.message}`)))] : null,
    h('script', { type: 'application/json', id: 'flakescope-report' }, raw(jsonForScript(report))),
    h('script', {}, raw(SCRIPT)));
  return '<!DOCTYPE html>\n' + render(h('html', { lang: 'en' },
    h('head', {},
      h('meta', { charset: 'utf-8' }),
      h('meta', { 'http-equiv': 'Content-Security-Policy', content: csp }),
      h('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }),
      h('title', {}, `flakescope report (${report.tests.length} tests)`),
      h('style', {}, raw(STYLE))),
    body)) + '\n';
}
