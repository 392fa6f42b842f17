// The streaming reader folds events as they come (trace/fold.ts): this compares what it gives with
// a straightforward fold of the same small traces read whole (every event kept, every execution
// built from its full event list, as the reader did before folding) on random streams: out-of-order
// times (the reorder window, and whole-file reads when it overflows), several processes and runs,
// colliding ids, and loops of patch/sleep/stop pairs that do get folded. Analyses, report, timelines
// and JUnit attempts must come out the same, and every sleep call must be counted.
import t from 'tap';
import fc from 'fast-check';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { analyse } from '../../src/check/index.js';
import { buildReportWithVerdicts } from '../fixtures/build-report.js';
import { attemptsFromRuns } from '../../src/report/attempts.js';
import { buildTimelines } from '../../src/report/timeline.js';
import { addAttemptSleep, compareOrder, type AttemptSleep, type Order, type RunEvent, type SleepSite } from '../../src/trace/fold.js';
import { detailedEvents, indexRun, type IndexedRun } from '../../src/trace/run-index.js';
import { parseTraceText, readTraces } from '../../src/trace/read.js';
import { redactJson } from '../../src/trace/redact.js';
import type { TraceEvent } from '../../src/trace/schema.js';
import { signature, Trail } from '../../src/trace/trail.js';
import { validEvent } from '../fixtures/fuzz-events.js';

const tick = fc.integer({ min: 0, max: 1_000 });
const tests = fc.constantFrom('m.T.test_a', 'm.T.test_b', '__proto__');
const lines = fc.integer({ min: 1, max: 3 });

/** A loop body the shim writes for `with mock.patch(...): time.sleep(0)`: the pairs folding is for. */
const loop = fc.record({ test: tests, id: fc.constantFrom('p1', 'p2', 'q1'), line: lines, t: tick, reps: fc.integer({ min: 1, max: 6 }), call: fc.boolean(), stopSite: fc.boolean() })
  .map(({ test, id, line, t, reps, call, stopSite }) => Array.from({ length: reps }, (_, i) => [
    { ev: 'patch-start', t: t + 3 * i, test, id, target: 'os.getcwd', via: 'mock.patch', how: 'context', owner: { scope: 'test', id: test }, site: { file: 't.py', line } },
    ...(call ? [{ ev: 'mock-call', t: t + 3 * i, test, id }] : []),
    { ev: 'sleep', t: t + 3 * i + 1, test, api: 'time.sleep', requested: 0, actual: 0.25, site: { file: 't.py', line: line + 1 } },
    { ev: 'patch-stop', t: t + 3 * i + 2, test, id, how: 'exit', ...(stopSite ? { site: { file: 't.py', line } } : {}) },
  ]).flat());
const testStart = fc.record({ ev: fc.constant('test-start'), t: tick, test: tests, site: fc.constant({ file: 't.py', line: 1 }) });
const testEnd = fc.record({ ev: fc.constant('test-end'), t: tick, test: tests, outcome: fc.constantFrom('passed', 'failed'), duration: fc.constant(0.5) });
const hang = fc.record({ ev: fc.constant('hang'), t: tick, test: tests, timeout: fc.constant(1), site: fc.constant({ file: 't.py', line: 9 }), stacks: fc.constant([]) });
const chunk = fc.oneof(
  { weight: 3, arbitrary: validEvent.map((e) => [e]) },
  { weight: 3, arbitrary: loop },
  { weight: 2, arbitrary: testStart.map((e) => [e]) },
  { weight: 2, arbitrary: testEnd.map((e) => [e]) },
  { weight: 1, arbitrary: hang.map((e) => [e]) },
);
/** In time order (t rises along the file) or as generated (times jump back and forth). */
const processEvents = fc.tuple(fc.array(chunk, { maxLength: 12 }), fc.boolean()).map(([chunks, sorted]) => {
  const events = chunks.flat() as Array<Record<string, unknown> & { t: number }>;
  return sorted ? events.map((e, i) => ({ ...e, t: i })) : events;
});
const traceSet = fc.array(fc.array(processEvents, { minLength: 1, maxLength: 2 }), { minLength: 1, maxLength: 3 });

const header = (pid: number, run: number) => JSON.stringify({ ev: 'header', v: 1, pid, ppid: pid === 10 ? 1 : 10, python: '3.11.7', argv: [], run, t0: 0 });

function write(dir: string, set: Array<Array<Array<Record<string, unknown>>>>): void {
  set.forEach((procs, run) => {
    const runDir = path.join(dir, 'traces', String(run));
    mkdirSync(runDir, { recursive: true });
    procs.forEach((events, i) => writeFileSync(path.join(runDir, `${10 + i}.jsonl`), `${[header(10 + i, run), ...events.map((e) => JSON.stringify(e))].join('\n')}\n`));
  });
}

/** Executions as the reader built them before folding: each with its full event list. */
function straightAttempts(events: RunEvent[], run: number) {
  const out: Array<{ run: number; proc: number; test: string; outcome: string; before: string[]; duration: number | null; events: RunEvent[] }> = [];
  const open = new Map<number, (typeof out)[number]>();
  const seen = new Map<number, string[]>();
  for (const e of events) {
    const current = open.get(e.proc);
    if (e.ev === 'test-start') {
      const before = seen.get(e.proc) ?? [];
      const a = { run, proc: e.proc, test: e.test, outcome: 'crashed', before: [...before], duration: null as number | null, events: [e] };
      before.push(e.test);
      seen.set(e.proc, before);
      open.set(e.proc, a);
      out.push(a);
      continue;
    }
    if (current === undefined || e.test !== current.test) continue;
    current.events.push(e);
    if (e.ev === 'hang') current.outcome = 'hang';
    if (e.ev === 'test-end') {
      if (current.outcome !== 'hang') current.outcome = e.outcome;
      current.duration = e.duration;
      open.delete(e.proc);
    }
  }
  return out;
}

/** The same run with nothing folded: every event kept, sleeps and executions from the full lists. */
function straightRun(folded: IndexedRun, perProc: TraceEvent[][]): IndexedRun {
  const all: Array<{ e: RunEvent; at: Order }> = [];
  perProc.forEach((events, proc) => {
    [...events].sort((a, b) => a.t - b.t).forEach((e, n) => all.push({ e: { ...e, proc } as RunEvent, at: { t: e.t, proc, n } }));
  });
  all.sort((a, b) => compareOrder(a.at, b.at));
  const events = all.map((x) => x.e);
  const attempts = straightAttempts(events, folded.index);
  const folds = folded.folds.map((f, proc) => {
    const sleeps = new Map<string, SleepSite>();
    for (const { e, at } of all) {
      if (e.proc !== proc || e.ev !== 'sleep') continue;
      const key = `${e.site.file}:${e.site.line}\u0000${e.api}`;
      const s = sleeps.get(key) ?? { site: e.site, api: e.api, calls: 0, totalMs: 0, tests: new Set<string>(), first: at };
      s.calls += 1;
      s.totalMs += e.actual * 1000;
      if (typeof e.test === 'string') s.tests.add(e.test);
      sleeps.set(key, s);
    }
    return {
      ...f, kept: events.filter((e) => e.proc === proc), keptN: all.filter((x) => x.at.proc === proc).map((x) => x.at.n), patches: new Map(), sleeps, detail: [], detailN: [],
      tests: attempts.filter((a) => a.proc === proc).map((a) => a.test),
      attempts: attempts.filter((a) => a.proc === proc).map((a) => {
        const trail = new Trail();
        const sleepsBySite = new Map<string, AttemptSleep>();
        for (const e of a.events) {
          trail.push(signature(e));
          if (e.ev === 'sleep') addAttemptSleep(sleepsBySite, e, (a.events[0] as RunEvent).t);
        }
        const start = a.events[0] as RunEvent & { ev: 'test-start' };
        const at = all.find((x) => x.e === start)?.at as Order;
        const hung = a.events.find((e) => e.ev === 'hang');
        return {
          proc, test: a.test, start, at, outcome: a.outcome as 'passed', beforeCount: a.before.length, duration: a.duration, ended: a.events.some((e) => e.ev === 'test-end'),
          hang: hung?.ev === 'hang' ? hung : null, sleeps: sleepsBySite, trail, signatures: a.events.map(signature),
        };
      }),
    };
  });
  return { ...folded, events, order: all.map((x) => x.at), folds };
}

/** Sleep totals are float sums whose order folding changes: compared to a millionth. */
const rounded = (report: unknown): string => JSON.stringify(report, (k, v: unknown) => (k === 'totalMs' && typeof v === 'number' ? Math.round(v * 1000) : v));

t.test('the streaming fold gives what a straightforward fold of the whole traces gives', async (t) => {
  const root = mkdtempSync(path.join(tmpdir(), 'flakescope-fold-'));
  t.teardown(() => rmSync(root, { recursive: true, force: true }));
  let case_ = 0;
  let folded = 0;
  await fc.assert(
    fc.asyncProperty(traceSet, fc.constantFrom(1, 3, 2048), async (set, window) => {
      const dir = path.join(root, String(case_++));
      write(dir, set);
      const streamed = await readTraces(dir, { reorderWindow: window });
      const runs = streamed.runs.map((r) => indexRun(r));
      const straight = runs.map((r) => {
        const perProc = r.processes.map((p) => redactJson(parseTraceText(`${header(p.header.pid, r.index)}\n${set[r.index]?.[p.header.pid - 10]?.map((e) => JSON.stringify(e)).join('\n')}\n`, p.file, [])?.events ?? []));
        return straightRun(r, perProc);
      });
      folded += runs.reduce((n, r) => n + r.folds.reduce((m, f) => m + f.patches.size, 0), 0);
      // Executions: outcome, order, what ran before, sleeps per site, and the whole event trail.
      const view = (r: IndexedRun) => r.folds.flatMap((f) => f.attempts.map((a) => ({ ...a, before: f.tests.slice(0, a.beforeCount) }))).sort((a, b) => compareOrder(a.at, b.at)).map((a) => ({
        test: a.test, proc: a.proc, outcome: a.outcome, before: a.before, duration: a.duration, ended: a.ended, site: a.start.site ?? null,
        hang: a.hang?.t ?? null, sleeps: [...a.sleeps], trail: [...a.trail],
      }));
      for (const [i, r] of runs.entries()) {
        const s = straight[i] as IndexedRun;
        if (JSON.stringify(view(r)) !== JSON.stringify(view(s))) return false;
        const straightSignatures = s.folds.flatMap((f) => (f.attempts as unknown as Array<{ signatures: string[] }>).map((a) => a.signatures));
        if (JSON.stringify(straightSignatures) !== JSON.stringify(s.folds.flatMap((f) => f.attempts.map((a) => [...a.trail])))) return false;
        if (JSON.stringify(buildTimelines(detailedEvents(r))) !== JSON.stringify(buildTimelines(s.events))) return false;
      }
      const findings = analyse(runs);
      if (JSON.stringify(findings) !== JSON.stringify(analyse(straight))) return false;
      const summaries = runs.map((r) => ({ index: r.index, exitCode: 0, signal: null, durationMs: 1, perturbation: {}, order: 'default' }));
      const report = (traces: IndexedRun[]) => buildReportWithVerdicts({ toolVersion: '0', command: [], runs: summaries, traces, findings, warnings: [] });
      if (rounded(report(runs)) !== rounded(report(straight))) return false;
      if (JSON.stringify([...attemptsFromRuns(runs.map((r) => r.events))]) !== JSON.stringify([...attemptsFromRuns(straight.map((r) => r.events))])) return false;
      // Every sleep call is counted.
      const sleepCalls = set.flat(2).filter((e) => (e as { ev?: unknown }).ev === 'sleep').length;
      return report(runs).sleeps.reduce((n, s) => n + s.calls, 0) === sleepCalls;
    }),
    { numRuns: 250 },
  );
  t.ok(folded > 0, 'some patch pairs were folded, so the comparison covered folding');
});
