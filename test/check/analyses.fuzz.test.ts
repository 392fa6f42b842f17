// Every registered analysis (ANALYSES, so new ones are covered as they land), the report builder and
// every renderer on random streams: out-of-order times, stops without starts, duplicate ids, events of
// one test inside another, several processes. Nothing throws, findings are well-formed and the same
// input always gives the same findings.
import t from 'tap';
import fc from 'fast-check';
import { ANALYSES } from '../../src/check/index.js';
import type { Finding } from '../../src/check/finding.js';
import { indexRun } from '../../src/trace/run-index.js';
import type { ProcessTrace } from '../../src/trace/read.js';
import type { TraceEvent } from '../../src/trace/schema.js';
import { buildReportWithVerdicts } from '../fixtures/build-report.js';
import { renderHtml } from '../../src/report/html.js';
import { renderJunit } from '../../src/report/junit.js';
import { renderMarkdown, renderGithubAnnotations } from '../../src/report/markdown.js';
import { renderSarif } from '../../src/report/sarif.js';
import { renderTerminal } from '../../src/report/terminal.js';
import { renderJson } from '../../src/report/json.js';
import { buildTimelines } from '../../src/report/timeline.js';
import { attemptsFromRuns } from '../../src/report/attempts.js';
import { header } from '../fixtures/events.js';
import { validEvent } from '../fixtures/fuzz-events.js';

const KINDS = new Set(['leaked-patch', 'unreleased-fixture', 'leaked-thread', 'leaked-fd', 'leaked-child', 'env-pollution', 'timing-sensitive', 'flaky', 'order-dependent', 'hang', 'crash']);
const SEVERITIES = new Set(['error', 'warning', 'info']);

function wellFormed(f: Finding): boolean {
  const siteOk = f.site === null || (typeof f.site.file === 'string' && Number.isFinite(f.site.line));
  return typeof f.id === 'string' && KINDS.has(f.kind) && SEVERITIES.has(f.severity) && siteOk && typeof f.message === 'string' && f.message !== '' && (f.test === null || typeof f.test === 'string');
}

const processTrace = fc.tuple(fc.array(validEvent, { maxLength: 40 }), fc.integer({ min: 2, max: 9 })).map(([events, pid]): ProcessTrace => ({
  file: `traces/0/${pid}.jsonl`,
  header: { ...header(pid), ppid: pid === 2 ? 1 : 2 },
  events: events as unknown as TraceEvent[],
}));
const runs = fc.array(fc.array(processTrace, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 }).map((rs) => rs.map((processes, index) => indexRun({ index, processes })));

for (const [name, analysis] of Object.entries(ANALYSES)) {
  t.test(`${name}: no crash, well-formed and deterministic findings`, async (t) => {
    fc.assert(
      fc.property(runs, (rs) => {
        const findings = analysis(rs, {});
        JSON.stringify(findings);
        return findings.every(wellFormed) && JSON.stringify(analysis(rs, {})) === JSON.stringify(findings);
      }),
      { numRuns: 300 },
    );
    t.pass();
  });
}

t.test('report builder and every renderer on the result: no crash; shim internal errors become warnings', async (t) => {
  fc.assert(
    fc.property(runs, fc.array(fc.record({ exitCode: fc.option(fc.integer({ min: 0, max: 5 }), { nil: null }), signal: fc.option(fc.constantFrom('SIGKILL', 'SIGSEGV'), { nil: null }) }), { maxLength: 3 }), (rs, exits) => {
      const findings = Object.values(ANALYSES).flatMap((a) => a(rs, {}));
      const summaries = exits.map((e, index) => ({ index, ...e, durationMs: 1, perturbation: {}, order: 'default' }));
      const report = buildReportWithVerdicts({ toolVersion: '0', command: ['python3'], runs: summaries, traces: rs, findings, warnings: [] });
      const internal = rs.flatMap((r) => r.events.filter((e) => e.ev === 'internal-error')).length;
      if (report.warnings.filter((w) => /: shim /.test(w.where)).length !== internal) return false;
      const timelines = rs.map((r) => ({ run: r.index, tests: buildTimelines(r.events) }));
      const attempts = attemptsFromRuns(rs.map((r) => r.events));
      for (const text of [
        renderJson(report),
        renderTerminal(report, { color: true }),
        renderJunit(report, { attempts }),
        renderSarif(report),
        renderMarkdown(report),
        renderHtml(report, { timelines }),
      ]) {
        if (typeof text !== 'string' || text.length === 0) return false;
      }
      // Annotations are one line per finding: empty when there is none.
      return typeof renderGithubAnnotations(report) === 'string';
    }),
    { numRuns: 150 },
  );
  t.pass();
});
