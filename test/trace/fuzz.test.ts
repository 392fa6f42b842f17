// Random and malformed event streams never crash the reader, the analyses or the report builder.
import t from 'tap';
import fc from 'fast-check';
import { parseTraceText, type TraceWarning } from '../../src/trace/read.js';
import { indexRun } from '../../src/trace/run-index.js';
import { analyse } from '../../src/check/index.js';
import { buildReportWithVerdicts } from '../fixtures/build-report.js';

const KINDS = ['test-start', 'test-end', 'scope-start', 'scope-end', 'sleep', 'patch-start', 'patch-stop', 'mock-call', 'fixture-setup', 'fixture-cleanup', 'internal-error', 'mystery'];
const small = fc.constantFrom('a', 'b', 'p1', 'p2', 'f1', 'class', 'module', 'test', 'fixture', 'session', 'passed', 'failed');
const value = fc.oneof(small, fc.integer({ min: -5, max: 50 }), fc.constant(null), fc.boolean(), fc.record({ file: small, line: fc.integer() }), fc.record({ scope: small, id: small }), fc.array(small, { maxLength: 2 }));
const event = fc.record(
  { ev: fc.constantFrom(...KINDS), t: fc.oneof(fc.integer({ min: 0, max: 100 }), small), test: value, id: small, target: small, via: small, how: small, owner: value, site: value, outcome: small, scope: small, fixture: small, kind: small, api: small, requested: value, actual: value, where: small, error: value, duration: value },
  { requiredKeys: ['ev'] },
);
const header = JSON.stringify({ ev: 'header', v: 1, pid: 1, ppid: 0, python: '3', argv: [], run: 0, t0: 0 });

t.test('well-formed lines with random fields and order', async (t) => {
  fc.assert(
    fc.property(fc.array(event, { maxLength: 40 }), fc.boolean(), (events, tear) => {
      let text = `${header}\n${events.map((e) => JSON.stringify(e)).join('\n')}\n`;
      if (tear) text = text.slice(0, -7);
      const warnings: TraceWarning[] = [];
      const proc = parseTraceText(text, 'f.jsonl', warnings);
      const runs = proc ? [indexRun({ index: 0, processes: [proc, proc] })] : [];
      const findings = analyse(runs);
      const report = buildReportWithVerdicts({ toolVersion: '1', command: [], runs: [], traces: runs, findings, warnings });
      JSON.stringify(report);
    }),
    { numRuns: 500 },
  );
  t.pass('no crash');
});

t.test('arbitrary text', async (t) => {
  fc.assert(
    fc.property(fc.string({ maxLength: 300 }), (garbage) => {
      const warnings: TraceWarning[] = [];
      parseTraceText(garbage, 'g.jsonl', warnings);
      parseTraceText(`${header}\n${garbage}`, 'g.jsonl', warnings);
    }),
    { numRuns: 500 },
  );
  t.pass('no crash');
});
