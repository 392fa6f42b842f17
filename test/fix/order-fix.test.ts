import t from 'tap';
import type { Edit } from '../../src/fix/edit.js';
import { fixOrder } from '../../src/fix/order-fix.js';
import type { Prober } from '../../src/fix/proposal.js';
import { proc, run, type Ev } from '../fixtures/events.js';
import { finding, project } from './harness.js';

const SRC = [
  'import unittest',
  '',
  'import config',
  '',
  '',
  'class C(unittest.TestCase):',
  '    def test_a_victim(self):',
  '        self.assertEqual(config.mode, "prod")',
  '',
  '    def test_b_polluter(self):',
  '        config.mode = "debug"',
  '        config.level = 3',
  '',
  '    def test_c_cleaner(self):',
  '        x = 1',
  '        config.reset()',
  '        self.assertEqual(x, 1)',
  '',
].join('\n');

const ids = { victim: 'test_c.C.test_a_victim', polluter: 'test_c.C.test_b_polluter', cleaner: 'test_c.C.test_c_cleaner' };
const starts: Ev[] = [
  { ev: 'test-start', test: ids.victim, runner: 'unittest', site: { file: 'test_c.py', line: 7 } },
  { ev: 'test-start', test: ids.polluter, runner: 'unittest', site: { file: 'test_c.py', line: 10 } },
  { ev: 'test-start', test: ids.cleaner, runner: 'unittest', site: { file: 'test_c.py', line: 14 } },
];
const order = (role: string, culprit: string) => finding('order-dependent', ids.victim, { file: 'test_c.py', line: 7 }, { evidence: { role, candidates: [culprit] } });

/** A prober for a suite where the victim passes when config.reset() ran (as code or as the cleaner) after
 *  the polluter, or when the polluter restores config.mode. */
function fakeProbe(calls: string[][]): Prober {
  const passes = async (tests: string[], edits: readonly Edit[]): Promise<boolean> => {
    calls.push(tests);
    const text = edits.map((e) => e.text).join('');
    if (text.includes('config.reset()') || text.includes('"mode", config.mode')) return true;
    return tests.indexOf(ids.cleaner) > tests.indexOf(ids.polluter);
  };
  return { passes, trial: async () => null };
}

t.test('a cleaner is found by running it between polluter and victim; only its statement that matters goes into the victim', async (t) => {
  const calls: string[][] = [];
  const p = project({ 'test_c.py': SRC }, { runs: [run(0, proc(starts))], probe: fakeProbe(calls) });
  t.teardown(p.cleanup);
  const fixed = await fixOrder(order('polluter', ids.polluter), p.ctx);
  t.match(fixed, { summary: /cleaner test_c.C.test_c_cleaner found: 1 line/ });
  t.match(p.after(fixed)['test_c.py'], '    def test_a_victim(self):\n        config.reset()\n        self.assertEqual(config.mode, "prod")\n');
  t.same(calls[0], [ids.polluter, ids.cleaner, ids.victim], 'the cleaner trial runs polluter, candidate, victim');
});

t.test('no cleaner: the polluter restores the module attribute that matters, in a cleanup', async (t) => {
  const noCleaner = SRC.replace('        config.reset()\n', '');
  const p = project({ 'test_c.py': noCleaner }, {
    runs: [run(0, proc(starts))],
    probe: { trial: async () => null, passes: async (_tests, edits) => edits.some((e) => e.text.includes('"mode", config.mode')) },
  });
  t.teardown(p.cleanup);
  const fixed = await fixOrder(order('polluter', ids.polluter), p.ctx);
  t.match(fixed, { summary: /restores what it changed \(config.mode\)/ });
  const out = p.after(fixed)['test_c.py'];
  t.match(out, '        self.addCleanup(setattr, config, "mode", config.mode)\n        config.mode = "debug"\n        config.level = 3\n', 'config.level is left out by delta debugging');
});

t.test('the polluter\'s own leak finding: its fix is the order fix', async (t) => {
  const leak = finding('env-pollution', ids.polluter, { file: 'test_c.py', line: 11 });
  const p = project({ 'test_c.py': SRC }, { runs: [run(0, proc(starts))], findings: [leak], proposeOther: async () => ({ edits: [{ file: 'x', start: 0, end: 0, text: 'fixed' }], summary: 's' }) });
  t.teardown(p.cleanup);
  t.match(await fixOrder(order('polluter', ids.polluter), p.ctx), { summary: /polluter's own leak \(env-pollution:000000000000\)/, edits: [{ text: 'fixed' }] });
});

t.test('a state-setter victim gets the setter\'s statements that matter, run alone', async (t) => {
  const calls: string[][] = [];
  const p = project({ 'test_c.py': SRC }, {
    runs: [run(0, proc(starts))],
    probe: { trial: async () => null, passes: async (tests, edits) => { calls.push(tests); return edits.some((e) => e.text.includes('config.mode = "debug"')); } },
  });
  t.teardown(p.cleanup);
  const fixed = await fixOrder(order('state-setter', ids.polluter), p.ctx);
  t.match(p.after(fixed)['test_c.py'], '    def test_a_victim(self):\n        config.mode = "debug"\n        self.assertEqual');
  t.ok(calls.every((c) => c.length === 1 && c[0] === ids.victim), 'every trial runs the victim alone');
});

t.test('nothing works: no-fix with what was tried; without trial runs, the reason says so', async (t) => {
  const p = project({ 'test_c.py': SRC }, { runs: [run(0, proc(starts))], probe: { trial: async () => null, passes: async () => false } });
  t.teardown(p.cleanup);
  t.match(await fixOrder(order('polluter', ids.polluter), p.ctx), { reason: /no cleaner among 1 tests tried/ });
  t.match(await fixOrder(order('state-setter', ids.polluter), p.ctx), { reason: /none of .* at the top of .* made it pass alone/ });
  const { probe: _none, ...ctx } = p.ctx;
  t.match(await fixOrder(order('polluter', ids.polluter), ctx), { reason: /trial runs, which were not available/ });
});

t.test('a state-setter among several candidates: the victim\'s own class is tried first, the others after', async (t) => {
  const other = 'test_other.O.test_x';
  const OTHER = ['import unittest', '', '', 'class O(unittest.TestCase):', '    def test_x(self):', '        print("unrelated")', ''].join('\n');
  const p = project({ 'test_c.py': SRC, 'test_other.py': OTHER }, {
    runs: [run(0, proc([...starts, { ev: 'test-start', test: other, runner: 'unittest', site: { file: 'test_other.py', line: 5 } }]))],
    probe: { trial: async () => null, passes: async (_tests, edits) => edits.some((e) => e.text.includes('config.mode = "debug"')) },
  });
  t.teardown(p.cleanup);
  const candidates = finding('order-dependent', ids.victim, { file: 'test_c.py', line: 7 }, { evidence: { role: 'state-setter', candidates: [ids.polluter, other] } });
  t.match(await fixOrder(candidates, p.ctx), { summary: /as test_c.C.test_b_polluter does/ });
  const reversed = finding('order-dependent', ids.victim, { file: 'test_c.py', line: 7 }, { evidence: { role: 'state-setter', candidates: [other, ids.polluter] } });
  t.match(await fixOrder(reversed, p.ctx), { summary: /as test_c.C.test_b_polluter does/ }, 'an unrelated module listed first is not the only one tried');
});
