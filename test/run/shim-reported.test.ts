import t from 'tap';
import { shimFailure } from '../../src/run/shim-reported.js';
import type { IndexedRun } from '../../src/trace/run-index.js';

const header = { ev: 'header' as const, v: 1, pid: 7, ppid: 1, python: '3.12.1', executable: 'python3', argv: [], cwd: '/', run: 0, t0: 0, wall: 0, chained: null, shimVersion: '0.1.0' };

function run(index: number, events: Array<{ where: string; error: string }> | null): IndexedRun {
  return {
    index,
    processes: events === null ? [] : [{ file: `traces/${index}/7.jsonl`, header }],
    events: (events ?? []).map((e, i) => ({ ev: 'internal-error' as const, t: i, where: e.where, error: e.error, proc: 0 })),
    order: [],
    folds: [],
  } as unknown as IndexedRun;
}

t.test('a run that ran and left no trace: what happened, and what to do', async (t) => {
  const line = shimFailure([{ index: 0, exitCode: 0, signal: null }], [run(0, null)], '/o');
  t.match(line, /^no Python process reported to flakescope in the run: nothing was traced\. Likely fix: give a Python test command/);
  t.notMatch(line ?? '', /\n/, 'one line');
  t.match(shimFailure([{ index: 0, exitCode: 0 }, { index: 1, exitCode: 1 }], [run(0, []), run(1, null)], '/o'), /in run\(s\) 1:/);
  t.equal(shimFailure([{ index: 0, exitCode: null, signal: null }], [], '/o'), null, 'a command that never ran is not the shim\'s failure');
});

t.test('an internal error of the shim names where, the error, the trace and the fix', async (t) => {
  const line = shimFailure([{ index: 0, exitCode: 0 }], [run(0, [{ where: 'start', error: "SyntaxError: invalid escape sequence '\\s' (redact.py, line 50)" }])], '/o');
  t.match(line, /^the flakescope shim failed in 1 process\(es\), so the report may miss what they did: start: SyntaxError: invalid escape sequence/);
  t.match(line, /\(\/o\/traces\/0\/7\.jsonl\)\. Likely fix: the command turns warnings into errors/);
  t.match(shimFailure([{ index: 0, exitCode: 0 }], [run(0, [{ where: 'hooks/patch.py', error: 'TypeError: x' }])], '/o'), /Likely fix: this is a flakescope bug/);
});

t.test('clean runs, and the user\'s own sitecustomize failing, are no failure of the shim', async (t) => {
  t.equal(shimFailure([{ index: 0, exitCode: 1 }], [run(0, [])], '/o'), null);
  t.equal(shimFailure([{ index: 0, exitCode: 0 }], [run(0, [{ where: 'sitecustomize.chain', error: 'ImportError: x' }])], '/o'), null);
});
