import t from 'tap';
import { order } from '../../src/check/order.js';
import { judgeSleepSites, timing } from '../../src/check/timing.js';
import { hangs } from '../../src/check/hang.js';
import { summariseTests } from '../../src/report/test-summary.js';
import type { ProcessTrace } from '../../src/trace/read.js';
import type { Perturbation } from '../../src/trace/schema.js';
import { end, header, proc, run, start, type Ev } from '../fixtures/events.js';

const sleep = (test: string, line: number, file = 'tests/t.py'): Ev => ({ ev: 'sleep', test, api: 'time.sleep', requested: 0.1, actual: 0.1, site: { file, line } });
const other = (test: string, line: number): Ev => sleep(test, line, 'lib/poll.py');
const withP = (p: ProcessTrace, perturbation: Perturbation): ProcessTrace => ({ ...p, header: { ...header(), perturbation } });

t.test('a site whose scaling alone flips the test decides it; a harmless sleep does not', async (t) => {
  const runs = [
    run(0, proc([start('race'), sleep('race', 17), end('race'), start('ok'), sleep('ok', 23), end('ok')])),
    run(1, withP(proc([start('race'), sleep('race', 17), end('race', 'failed'), start('ok'), sleep('ok', 23), end('ok')]), { sleepScale: 0 })),
  ];
  const j = judgeSleepSites(runs);
  t.equal(j.find((x) => x.site.line === 17)?.outcomeDependsOnIt, true);
  t.equal(j.find((x) => x.site.line === 23)?.outcomeDependsOnIt, false);
  const f = timing(runs).filter((x) => x.kind === 'timing-sensitive');
  t.equal(f.length, 1);
  t.equal(f[0]?.site?.line, 17);
  const tests = summariseTests(runs, timing(runs));
  t.equal(tests.find((x) => x.id === 'race')?.verdict, 'timing-sensitive');
  t.equal(tests.find((x) => x.id === 'ok')?.verdict, 'pass');
});

t.test('a scoped scale judges the sites in scope and leaves the others null', async (t) => {
  const events = [start('n'), sleep('n', 193), other('n', 139), sleep('n', 204), end('n')];
  const scoped = (sleepScale: number) => withP(proc(events), { sleepScale, sleepScope: 'tests/t.py' });
  const j = judgeSleepSites([run(0, proc(events)), run(1, scoped(0)), run(2, scoped(3))]);
  t.equal(j.find((x) => x.site.line === 193)?.outcomeDependsOnIt, false);
  t.equal(j.find((x) => x.site.line === 204)?.outcomeDependsOnIt, false);
  t.equal(j.find((x) => x.site.file === 'lib/poll.py')?.outcomeDependsOnIt, null, 'never scaled: not tested');
});

t.test('a scoped scale that flips the test with one site in scope names that site', async (t) => {
  const runs = [
    run(0, proc([start('r'), sleep('r', 17), other('r', 5), end('r')])),
    run(1, withP(proc([start('r'), sleep('r', 17), other('r', 5), end('r', 'failed')]), { sleepScale: 0, sleepScope: 't.py' })),
  ];
  const j = judgeSleepSites(runs);
  t.same(j.find((x) => x.site.line === 17)?.flippedAt, [0]);
  t.equal(j.find((x) => x.site.line === 5)?.outcomeDependsOnIt, null);
});

t.test('an untested site stays null', async (t) => {
  const j = judgeSleepSites([run(0, proc([start('a'), sleep('a', 5), end('a')]))]);
  t.equal(j[0]?.outcomeDependsOnIt, null);
});

t.test('the polluter is the test before every failure and no pass', async (t) => {
  const runs = [
    run(0, proc([start('a'), end('a'), start('b'), end('b'), start('v'), end('v', 'failed')])),
    run(1, proc([start('v'), end('v')])),
    run(2, proc([start('a'), end('a'), start('v'), end('v')])),
    run(3, proc([start('b'), end('b'), start('v'), end('v', 'failed')])),
  ];
  const f = order(runs);
  t.equal(f.length, 1);
  t.equal(f[0]?.test, 'v');
  t.equal(f[0]?.evidence.polluter, 'b');
  const tests = summariseTests(runs, f);
  t.equal(tests.find((x) => x.id === 'a')?.verdict, 'pass');
  t.equal(tests.find((x) => x.id === 'v')?.verdict, 'order-dependent');
});

t.test('a hang is reported at the blocking line and counted as hang', async (t) => {
  const hang: Ev = { ev: 'hang', test: 'h', timeout: 3, site: { file: 'tests/t.py', line: 9 }, stacks: [] };
  const runs = [run(0, proc([start('h'), hang, end('h', 'error'), start('next'), end('next')]))];
  const f = hangs(runs);
  t.equal(f[0]?.site?.line, 9);
  const tests = summariseTests(runs, f);
  t.equal(tests.find((x) => x.id === 'h')?.outcomes.hang, 1);
  t.equal(tests.find((x) => x.id === 'h')?.verdict, 'hang');
  t.equal(tests.find((x) => x.id === 'next')?.verdict, 'pass');
});
