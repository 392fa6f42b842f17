import t from 'tap';
import { ProcessFold } from '../../src/trace/fold.js';
import { detailedEvents, indexRun, undrawnEvents } from '../../src/trace/run-index.js';
import { summarisePatches, summariseSleeps } from '../../src/report/summaries.js';
import { renderHtml } from '../../src/report/html.js';
import { sleepVerdicts } from '../../src/check/sleep-verdicts.js';
import { buildReportWithVerdicts } from '../fixtures/build-report.js';
import type { TraceEvent } from '../../src/trace/schema.js';
import { header } from '../fixtures/events.js';

const TEST = 'm.T.test_loop';
function loop(iterations: number): TraceEvent[] {
  const events: TraceEvent[] = [{ ev: 'test-start', t: 0, test: TEST, runner: 'unittest' }];
  for (let i = 0; i < iterations; i++) {
    const t0 = 10 + 3 * i;
    events.push({ ev: 'patch-start', t: t0, test: TEST, id: `p${i + 1}`, target: 'os.getcwd', via: 'mock.patch', how: 'context', owner: { scope: 'test', id: TEST }, site: { file: 't.py', line: 3 } });
    events.push({ ev: 'sleep', t: t0 + 1, test: TEST, api: 'time.sleep', requested: 0, actual: 0, site: { file: 't.py', line: 4 } });
    events.push({ ev: 'patch-stop', t: t0 + 2, test: TEST, id: `p${i + 1}`, how: 'exit' });
  }
  events.push({ ev: 'test-end', t: 10_000, test: TEST, outcome: 'passed', duration: 1 });
  return events;
}

t.test('a loop is folded: two events kept, the rest counted per site; the drawn detail is capped', async (t) => {
  const fold = new ProcessFold(0, 'traces/0/1.jsonl', header(1), false, 10);
  for (const e of loop(100)) fold.add(e);
  const run = indexRun({ index: 0, processes: [fold.finish()] });
  t.same(run.events.map((e) => e.ev), ['test-start', 'test-end']);
  t.equal(summariseSleeps([run], sleepVerdicts([run]))[0]?.calls, 100, 'every sleep call counted');
  t.equal(summarisePatches([run], [])[0]?.count, 100);
  t.ok(detailedEvents(run).length <= 12, 'at most the cap of folded events drawn, plus the kept ones');
  t.equal(undrawnEvents(run), 300 - (detailedEvents(run).length - 2));
  const report = buildReportWithVerdicts({ toolVersion: '0', command: [], runs: [], traces: [run], findings: [], warnings: [] });
  t.match(renderHtml(report, { undrawn: undrawnEvents(run) }), /Long traces: each process draws its first \d+ sleeps and promptly undone patches; \d+ more/);
  t.notMatch(renderHtml(report, {}), /Long traces/);
});

t.test('a patch still active at its test end is kept whole, with its stop', async (t) => {
  const events = loop(1);
  const [start, patch, sleep, stop, end] = events as [TraceEvent, TraceEvent, TraceEvent, TraceEvent, TraceEvent];
  const run = indexRun({ index: 0, processes: [{ file: 'f', header: header(1), events: [start, patch, sleep, { ...end, t: 12 }, { ...stop, t: 13 }] }] });
  t.same(run.events.map((e) => e.ev), ['test-start', 'patch-start', 'test-end', 'patch-stop']);
});
