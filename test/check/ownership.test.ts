// Ownership, pattern and severity of leaked resources and state (check/ownership.ts through
// leak-findings.ts), grouping of identical leaks, stable targets and sites for every error.
import t from 'tap';
import { resourceLeak } from '../../src/check/resource-leak.js';
import { envPollution } from '../../src/check/env-pollution.js';
import { stableTarget } from '../../src/check/stable-target.js';
import type { Owner } from '../../src/trace/schema.js';
import { FILE, end, proc, run, start, testOwner, type Ev } from '../fixtures/events.js';

const A = 'tests.test_x.T.test_a';
const B = 'tests.test_x.T.test_b';
const C = 'tests.test_x.T.test_c';
const LIB = { file: '/venv/site-packages/eventlet/tpool.py', line: 296, function: 'setup', module: 'eventlet.tpool' };

const snap = (at: string, id: string | null, extra: Record<string, unknown> = {}): Ev => ({ ev: 'snapshot', at, id, ...extra }) as Ev;
function open(kind: string, key: string, target: string, owner: Owner, line: number | undefined, extra: Record<string, unknown> = {}): Ev {
  return {
    ev: 'resource-open', kind, key, target, owner, test: owner.scope === 'test' ? owner.id : null,
    ...(line === undefined ? {} : { site: { file: FILE, line } }), ...extra,
  } as Ev;
}
const testAround = (id: string, atEnd: Ev[] = [], endSnap: Record<string, unknown> = {}): Ev[] =>
  [start(id), snap('start', id), end(id), ...atEnd, snap('end', id, endSnap)];
const leaks = (events: Ev[]) => resourceLeak([run(0, proc(events))]);
const pollution = (events: Ev[]) => envPollution([run(0, proc(events))]);

t.test('a pool of 20 threads a library keeps in a module global: one info finding with the count and the holder', async (t) => {
  const pool = Array.from({ length: 20 }, (_, i) => open('thread', `thread:${i}`, `tpool_thread_${i}`, testOwner(A), 355,
    { createdBy: LIB, heldBy: 'eventlet.tpool._threads[0]', daemon: true }));
  const f = leaks([snap('scope-start', 'm'), ...testAround(A, pool), ...testAround(B), snap('exit', null)]);
  t.equal(f.length, 1);
  t.equal(f[0]?.severity, 'info');
  t.equal(f[0]?.target, 'tpool_thread_N');
  t.equal(f[0]?.evidence.occurrences, 20);
  t.equal(f[0]?.evidence.madeBy, 'library');
  t.equal(f[0]?.evidence.pattern, 'once-per-process');
  t.match(f[0]?.evidence.why, 'eventlet.tpool._threads[0]');
  t.same(f[0]?.evidence.createdBy, LIB);
  t.same(f[0]?.site, { file: FILE, line: 355 }, 'the site stays in the suite: the line that first used the pool');
});

t.test('the same thread without a holder: the suite left it and a later test ran with it, an error', async (t) => {
  const f = leaks([snap('scope-start', 'm'), ...testAround(A, [open('thread', 'thread:1', 'worker', testOwner(A), 12, { createdBy: LIB })]), ...testAround(B)]);
  t.equal(f[0]?.severity, 'error');
  t.equal(f[0]?.evidence.why, undefined);
});

t.test('left by two tests at the same line: growing, an error even when a library holds it', async (t) => {
  const f = leaks([snap('scope-start', 'm'),
    ...testAround(A, [open('greenthread', 'green:1', 'greenthread Host._conn_event_thread', testOwner(A), 619, { heldBy: 'x.y' })]),
    ...testAround(B, [open('greenthread', 'green:2', 'greenthread Host._conn_event_thread', testOwner(B), 619, { heldBy: 'x.y' })]),
    ...testAround(C)]);
  t.equal(f.length, 1);
  t.equal(f[0]?.severity, 'error');
  t.equal(f[0]?.evidence.pattern, 'growing');
  t.same(f[0]?.evidence.owners, [A, B]);
});

t.test('left behind with no later test in the process: a warning that says so', async (t) => {
  const f = leaks([snap('scope-start', 'm'), ...testAround(A, [open('fd', 'fd:5:/w/a.log', '/w/a.log', testOwner(A), 19, { fd: 5 })]), snap('exit', null)]);
  t.equal(f[0]?.severity, 'warning');
  t.match(f[0]?.evidence.why, 'no later test');
});

const level = (owner: Owner, line: number, extra: Record<string, unknown> = {}): Ev =>
  open('state', 'logging:root=1', 'logging:root', owner, line, { before: 'level=INFO handlers=[]', after: 'level=DEBUG handlers=[]', ...extra });

t.test('a logger level every later test sets to the same value at the same line: re-applied, info', async (t) => {
  const again = { reapplied: [{ target: 'logging:root', site: { file: FILE, line: 151 } }] };
  const f = pollution([snap('scope-start', 'm'), ...testAround(A, [level(testOwner(A), 151)]), ...testAround(B, [], again), ...testAround(C, [], again)]);
  t.equal(f[0]?.severity, 'info');
  t.equal(f[0]?.evidence.pattern, 're-applied');
  const elsewhere = pollution([snap('scope-start', 'm'), ...testAround(A, [level(testOwner(A), 151)]),
    ...testAround(B, [], { reapplied: [{ target: 'logging:root', site: { file: FILE, line: 99 } }] })]);
  t.equal(elsewhere[0]?.severity, 'error', 're-applied at another line does not excuse the first');
  const itselfAgain = pollution([snap('scope-start', 'm'), ...testAround(A, [level(testOwner(A), 151)]), ...testAround(A, [], again), ...testAround(B)]);
  t.equal(itselfAgain[0]?.severity, 'error', 'the owner repeated in one process re-applying its own value does not excuse it');
});

t.test('state a third-party library sets on its own: info; set through a stdlib module at the suite\'s request: the suite\'s', async (t) => {
  const byOslo = { createdBy: { file: '/venv/oslo_db/sqlalchemy/engines.py', line: 104, module: 'oslo_db.sqlalchemy.engines' } };
  const f = pollution([snap('scope-start', 'm'), ...testAround(A, [level(testOwner(A), 50, byOslo)]), ...testAround(B)]);
  t.equal(f[0]?.severity, 'info');
  t.match(f[0]?.evidence.why, 'oslo_db.sqlalchemy.engines');
  const byConfig = { createdBy: { file: '/usr/lib/python3.11/logging/config.py', line: 80, module: 'logging.config' } };
  t.equal(pollution([snap('scope-start', 'm'), ...testAround(A, [level(testOwner(A), 50, byConfig)]), ...testAround(B)])[0]?.severity, 'error');
});

t.test('an env var a test set and tearDownModule deleted: one finding for the test, none for the restore', async (t) => {
  const set = open('env', 'env:X=sha256:ab', 'os.environ[X]', testOwner(A), 29, { before: '<unset>', after: 'sha256:ab' });
  const restore = open('env', 'env:X=<unset>', 'os.environ[X]', { scope: 'module', id: 'm' }, 14, { before: 'sha256:ab', after: '<unset>' });
  const f = pollution([snap('scope-start', 'm'), ...testAround(A, [set]), ...testAround(B),
    { ev: 'resource-close', kind: 'env', key: 'env:X=sha256:ab' }, restore, snap('scope-end', 'm')]);
  t.same(f.map((x) => [x.test, x.site?.line]), [[A, 29]]);
  t.equal(f[0]?.severity, 'error');
});

t.test('a later test putting back what an earlier one changed restores, it does not pollute', async (t) => {
  const set = open('env', 'env:X=sha256:ab', 'os.environ[X]', testOwner(A), 29, { before: '<unset>', after: 'sha256:ab' });
  const back = open('env', 'env:X=<unset>', 'os.environ[X]', testOwner(B), 40, { before: 'sha256:ab', after: '<unset>' });
  const f = pollution([snap('scope-start', 'm'), ...testAround(A, [set]), ...testAround(B, [{ ev: 'resource-close', kind: 'env', key: 'env:X=sha256:ab' }, back]), ...testAround(C)]);
  t.same(f.map((x) => x.test), [A]);
});

t.test('no creation site seen: the error points at the test\'s definition and says so', async (t) => {
  const startA: Ev = { ...start(A), site: { file: FILE, line: 70, function: 'test_a' } } as Ev;
  const f = leaks([snap('scope-start', 'm'), startA, snap('start', A), end(A), open('fd', 'fd:6:pipe:[9]', 'pipe:[9]', testOwner(A), undefined, { fd: 6 }),
    snap('end', A), ...testAround(B)]);
  t.same(f[0]?.site, { file: FILE, line: 70, function: 'test_a' });
  t.match(f[0]?.evidence.siteFrom, 'test definition');
  t.equal(f[0]?.target, 'pipe');
});

t.test('targets and ids hold across runs: ports, inodes, counters and helper fds go to evidence', async (t) => {
  t.equal(stableTarget('fd', 'tcp socket 127.0.0.1:48064 -> 127.0.0.1:50493'), 'tcp socket 127.0.0.1 -> 127.0.0.1');
  t.equal(stableTarget('fd', 'socket:[123456]'), 'socket');
  t.equal(stableTarget('thread', 'Thread-12 (send_loop)'), 'Thread-N (send_loop)');
  t.equal(stableTarget('thread', 'ThreadPoolExecutor-0_1'), 'ThreadPoolExecutor-N_N');
  t.equal(stableTarget('child', "/usr/bin/python3 -c from multiprocessing.resource_tracker import main;main(7)"),
    '/usr/bin/python3 -c from multiprocessing.resource_tracker import main;main(N)');
  t.equal(stableTarget('child', 'sleep 30'), 'sleep 30', 'plain arguments stay');
  const once = (port: number) => leaks([snap('scope-start', 'm'),
    ...testAround(A, [open('fd', `fd:7:socket:[${port}]`, `tcp socket 127.0.0.1:${port} -> 127.0.0.1:80`, testOwner(A), 33, { fd: 7 })]), ...testAround(B)]);
  const [first, second] = [once(40001)[0], once(51234)[0]];
  t.equal(first?.id, second?.id);
  t.equal(first?.target, 'tcp socket 127.0.0.1 -> 127.0.0.1');
  t.equal(first?.evidence.what, 'tcp socket 127.0.0.1:40001 -> 127.0.0.1:80');
});

t.test('every error finding has a short summary for the terminal', async (t) => {
  const f = leaks([snap('scope-start', 'm'), ...testAround(A, [open('thread', 'thread:1', 'poller', testOwner(A), 14)]), ...testAround(B)]);
  t.equal(f[0]?.summary, 'thread "poller" outlived its test; 1 later test ran with it');
});

t.test('a leak seen only when a sleep was scaled, never in plain runs: a warning pointing at the timing', async (t) => {
  const leaky = [snap('scope-start', 'm'), ...testAround(A, [open('thread', 'thread:1', 'Thread-3 (refresh)', testOwner(A), 12)]), ...testAround(B)];
  const clean = [snap('scope-start', 'm'), ...testAround(A), ...testAround(B)];
  const scaled = proc(leaky);
  scaled.header = { ...scaled.header, perturbation: { sleepScale: 0 } };
  const f = resourceLeak([run(0, proc(clean)), run(1, scaled)]);
  t.equal(f[0]?.severity, 'warning');
  t.match(f[0]?.evidence.why, 'only under a timing perturbation (sleep-scale=0)');
  t.equal(resourceLeak([run(0, proc(leaky)), run(1, scaled)])[0]?.severity, 'error', 'seen in a plain run too: an error');
  const alone = proc([snap('scope-start', 'm'), ...testAround(A, [open('thread', 'thread:1', 'Thread-3 (refresh)', testOwner(A), 12)]), ...testAround(A)]);
  alone.header = { ...alone.header, perturbation: { sleepScale: 0 } };
  t.same(resourceLeak([run(0, proc(clean)), run(1, alone)]), [], 'only under the perturbation and no other test ran with it: the timing finding says it all');
});
