// tornado's own suite (~1,300 tests, from the venv) under flakescope: every test in report.json with
// the outcome the plain verbose run gives it, and no error finding beyond the reviewed ones in
// expected.json (issue 20). ~30 s of CPU for the plain run and as much for the traced one.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import type { Report } from '../../../src/report/model.js';
import { parseUnittestVerbose } from '../../helpers/outcomes.mjs';
import { missingRequirement, runFlakescope, runPlain, venvPython } from '../../helpers/scenarios.mjs';
import { requireOrSkip } from '../../helpers/requirements.mjs';
import { checkErrors } from './check.js';

/** Wall-clock performance assertions (e.g. test_disposition_param_linear_performance) fail on a loaded
 *  machine with or without flakescope; their outcome is not compared, their presence is. */
const isWallClockBenchmark = (id: string): boolean => /performance/.test(id);

const VERDICT_OF: Record<string, string> = { pass: 'pass', skip: 'skip', fail: 'fail', error: 'fail' };

/** Short-timeout tests (a 0.1 s HTTPS request) can fail in a full run on a loaded machine, traced or
 *  not. A difference counts when it holds with the test run alone, plain and traced, this many times. */
const CONFIRMATIONS = 2;

t.test('tornado.test.runtests: same tests, same results', async (t) => {
  if (!requireOrSkip(t, missingRequirement({ python: 'venv', requires: ['tornado'] } as Parameters<typeof missingRequirement>[0]))) return;
  const cwd = mkdtempSync(join(tmpdir(), 'flakescope-tornado-'));
  t.teardown(() => rmSync(cwd, { recursive: true, force: true }));
  const command = [venvPython, '-m', 'tornado.test.runtests', '--verbose'];
  const plain = parseUnittestVerbose(runPlain(command, cwd).output) as Map<string, string>;
  t.ok(plain.size > 1000, `plain run lists ${plain.size} tests`);
  const run = runFlakescope(command, { cwd, out: join(cwd, 'out'), flags: ['--quiet'] });
  const report = run.report as Report;
  t.ok(report, 'report written', { stderr: run.stderr });
  const traced = new Map(report.tests.map((x) => [x.id, x.verdict]));
  t.same([...plain.keys()].filter((id) => !traced.has(id)), [], 'every test of the plain run is in report.json');
  t.same([...traced.keys()].filter((id) => !plain.has(id)), [], 'no test the plain run does not have');
  const differ = [...plain].filter(([id, o]) => !isWallClockBenchmark(id) && traced.has(id) && VERDICT_OF[o] !== traced.get(id));
  const alone = (id: string): boolean => Array.from({ length: CONFIRMATIONS }).every((_, i) => {
    const plainAlone = parseUnittestVerbose(runPlain([...command, id], cwd).output).get(id) as string | undefined;
    const tracedAlone = runFlakescope([...command, id], { cwd, out: join(cwd, `alone-${i}`), flags: ['--quiet', '--history', 'off'] }).report as Report | null;
    return plainAlone !== undefined && VERDICT_OF[plainAlone] !== tracedAlone?.tests.find((x) => x.id === id)?.verdict;
  });
  const confirmed = differ.filter(([id]) => alone(id));
  for (const [id, o] of differ) if (!confirmed.some(([c]) => c === id)) t.comment(`${id}: ${o} plain, ${traced.get(id)} traced in the full run, the same when run alone`);
  t.same(confirmed, [], 'same result for every test (a difference confirmed with the test run alone)');
  t.same(report.warnings, [], 'no reader warnings or shim internal errors');
  checkErrors(t, 'tornado', report);
});
