// Rule 1 of the shim: it changes no outcome. Real suites that exercise mock.patch heavily, and CPython's
// own tests of fds, subprocesses, os and asyncio (which list and close fds, spawn children that list
// theirs, change the environment and event loop policies), run with and without flakescope: identical
// per-test outcomes (parsed from unittest -v) and every test present in report.json under its unittest id().
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import type { Report } from '../../src/report/model.js';
import { parseUnittestVerbose } from '../helpers/outcomes.mjs';
import { missingPython, pyenvPython } from '../helpers/pythons.mjs';
import { runFlakescope, runPlain } from '../helpers/scenarios.mjs';
import { requireOrSkip } from '../helpers/requirements.mjs';

interface Suite {
  name: string;
  /** An interpreter on PATH or by path, or a supported version found by pythons.mjs. */
  python: string | { version: string };
  /** What `python -m unittest -v` is given: modules, classes or test ids. */
  tests: string[];
  /** Fewer tests than this means the parse or the suite broke, not that it is fine. */
  atLeast: number;
}

/** test_subprocess's fd tests (children listing their fds, pass_fds, close_fds, std fds remapped) and
 *  a few of its plain ones: ~40 of its ~300 tests, the ones that reach for fds, in seconds. */
const SUBPROCESS_FD_TESTS = [
  ...[
    'test_pass_fds_redirected', 'test_pass_fds_inheritable', 'test_close_fds', 'test_close_fds_0_1',
    'test_close_fds_0_2', 'test_close_fds_1_2', 'test_close_fds_0_1_2', 'test_close_fd_0', 'test_close_fd_1',
    'test_close_fd_2', 'test_close_fds_after_preexec', 'test_close_fds_when_max_fd_is_lowered',
    'test_remapping_std_fds', 'test_swap_fds', 'test_stdout_stdin_are_single_inout_fd',
    'test_stdout_stderr_are_single_inout_fd', 'test_stderr_stdin_are_single_inout_fd', 'test_small_errpipe_write_fd',
    'test_pipe_cloexec', 'test_select_unbuffered', 'test_preexec_errpipe_does_not_double_close_pipes',
    'test_fork_exec_sorted_fd_sanity_check', 'test_zombie_fast_process_del', 'test_leak_fast_process_del_killed',
    'test_exception_errpipe_normal',
  ].map((name) => `test.test_subprocess.POSIXProcessTestCase.${name}`),
  ...[
    'test_leaking_fds_on_error', 'test_stdout_filedes', 'test_stdin_filedes', 'test_stderr_filedes',
    'test_stdout_fileobj', 'test_env', 'test_empty_env', 'test_cwd', 'test_invalid_args', 'test_stdout_none',
    'test_stdin_none', 'test_wait', 'test_communicate', 'test_universal_newlines_communicate',
  ].map((name) => `test.test_subprocess.ProcessTestCase.${name}`),
];
/** test_os's fd, environment, exec and file classes (its walk, fork and spawn classes take most of its time). */
const OS_TESTS = [
  'FDInheritanceTests', 'TestInvalidFD', 'FileTests', 'EnvironTests', 'TestPEP519', 'URandomFDTests', 'DevNullTests',
  'PidTests', 'MiscTests', 'TestScandir', 'TermsizeTests', 'BlockingTests', 'OSErrorTests', 'ExecTests',
  'ReadlinkTests', 'LinkTests', 'UtimeTests', 'StatAttributeTests', 'MakedirTests', 'RemoveDirsTests',
].map((name) => `test.test_os.${name}`);
/** test_asyncio's Unix event loop (child watchers, signals), locks, queues, runners (policies) and threads. */
const ASYNCIO_TESTS = ['test_unix_events', 'test_locks', 'test_queues', 'test_runners', 'test_threads'].map((name) => `test.test_asyncio.${name}`);
const FD_OS_ASYNCIO = [...SUBPROCESS_FD_TESTS, ...OS_TESTS, ...ASYNCIO_TESTS];
/** The fd/os/asyncio selection is ~480 tests on 3.11: fewer means a broken parse. */
const FD_OS_ASYNCIO_AT_LEAST = 450;
const SUBPROCESS_FD_AT_LEAST = SUBPROCESS_FD_TESTS.length;

const suites: Suite[] = [
  {
    name: 'CPython contextlib, with, threading_local and mock tests (pyenv python3)',
    python: 'python3',
    tests: ['test.test_contextlib', 'test.test_with', 'test.test_threading_local', 'unittest.test.testmock'],
    atLeast: 600,
  },
  {
    // Debian ships no `test` package; mock's and fixtures' own tests patch heavily and run under
    // Debian's sitecustomize, which the shim must chain.
    name: 'mock backport and fixtures patch tests (Debian /usr/bin/python3)',
    python: '/usr/bin/python3',
    tests: [
      'mock.tests.testpatch',
      'mock.tests.testwith',
      'fixtures.tests._fixtures.test_mockpatch',
      'fixtures.tests._fixtures.test_monkeypatch',
    ],
    atLeast: 150,
  },
  { name: 'CPython subprocess fd, os and asyncio tests (python3)', python: 'python3', tests: FD_OS_ASYNCIO, atLeast: FD_OS_ASYNCIO_AT_LEAST },
  // The newest Python too: children listing their fds (test_pass_fds_redirected) failed there and on
  // 3.11-3.12. Every other Python runs the shim's own differential (test/shim/pythons.test.ts).
  { name: 'CPython subprocess fd tests (Python 3.13)', python: { version: '3.13' }, tests: SUBPROCESS_FD_TESTS, atLeast: SUBPROCESS_FD_AT_LEAST },
];

function interpreter(suite: Suite): string | null {
  return typeof suite.python === 'string' ? suite.python : pyenvPython(suite.python.version);
}

function missing(suite: Suite): string | null {
  if (typeof suite.python !== 'string' && missingPython(suite.python.version) !== null) return missingPython(suite.python.version);
  const python = interpreter(suite) as string;
  const modules = [...new Set(suite.tests.map((id) => id.split('.').slice(0, 2).join('.')))];
  const probe = spawnSync(python, ['-c', `import ${modules.join(', ')}`], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) return `${python} cannot import ${modules.join(' ')}`;
  return null;
}

for (const suite of suites) {
  t.test(suite.name, async (t) => {
    if (!requireOrSkip(t, missing(suite))) return;
    const cwd = mkdtempSync(join(tmpdir(), 'flakescope-diff-'));
    t.teardown(() => rmSync(cwd, { recursive: true, force: true }));
    const command = [interpreter(suite) as string, '-m', 'unittest', '-v', ...suite.tests];
    const plain = runPlain(command, cwd);
    const expected = parseUnittestVerbose(plain.output);
    t.ok(expected.size >= suite.atLeast, `plain run parsed ${expected.size} tests (>= ${suite.atLeast})`);

    // --fail-on never: findings inside these suites (they test patching itself) are not the point here.
    const traced = runFlakescope(command, { cwd, out: join(cwd, 'out'), flags: ['--fail-on', 'never'] });
    const diagnostics = { stderr: traced.stderr.slice(-4000) };
    const actual = parseUnittestVerbose(`${traced.stdout}${traced.stderr}`);
    t.same(Object.fromEntries(actual), Object.fromEntries(expected), 'identical per-test outcomes', diagnostics);
    t.equal(traced.exitCode, 0, 'flakescope exit 0 with --fail-on never', diagnostics);

    const report = traced.report as Report | null;
    if (!report) {
      t.fail('report.json was not written', diagnostics);
      return;
    }
    t.equal(report.runs[0]?.exitCode, plain.exitCode, 'the suite exit code recorded in runs[0]');
    const reported = new Set(report.tests.map((test) => test.id));
    const absent = [...expected.keys()].filter((id) => !reported.has(id));
    t.same(absent, [], 'every test of the -v output is in report.json tests');
  });
}
