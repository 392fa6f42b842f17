import t from 'tap';
import type { Edit } from '../../src/fix/edit.js';
import type { Prober } from '../../src/fix/proposal.js';
import { fixResource } from '../../src/fix/resource-fix.js';
import { fixTiming } from '../../src/fix/timing-fix.js';
import { proc, run, type Ev } from '../fixtures/events.js';
import { finding, project } from './harness.js';

const SRC = [
  'import os',
  'import subprocess',
  'import threading',
  'import unittest',
  '',
  '_stop = threading.Event()',
  '',
  '',
  'def tearDownModule():',
  '    _stop.set()',
  '',
  '',
  'def _pump():',
  '    while not _stop.wait(0.05):',
  '        pass',
  '',
  '',
  'class T(unittest.TestCase):',
  '    def test_pump(self):',
  '        threading.Thread(target=_pump, name="pump").start()',
  '',
  '    def test_thread(self):',
  '        t = threading.Thread(target=work)',
  '        t.start()',
  '',
  '    def test_inline(self):',
  '        threading.Thread(target=_stop.wait, name="ticker").start()',
  '',
  '    def test_timer(self):',
  '        timer = threading.Timer(5, work)',
  '        timer.start()',
  '',
  '    def test_child(self):',
  '        subprocess.Popen(["sleep", "3"])',
  '',
  '    def test_fd(self):',
  '        self.log = open("a.log", "w")',
  '        r, w = os.pipe()',
  '        data = open("b.txt").read()',
  '',
].join('\n');

const at = (kind: 'leaked-thread' | 'leaked-child' | 'leaked-fd', test: string, line: number, target = 'x') => finding(kind, `test_x.T.${test}`, { file: 'test_x.py', line }, { target });

t.test('threads: joined with a timeout; a Timer is cancelled first; what a teardown does to what the thread waits on comes along', async (t) => {
  const p = project({ 'test_x.py': SRC });
  t.teardown(p.cleanup);
  t.match(p.after(await fixResource(at('leaked-thread', 'test_thread', 24), p.ctx))['test_x.py'], '        t.start()\n        self.addCleanup(t.join, 10)\n');
  t.match(p.after(await fixResource(at('leaked-thread', 'test_pump', 20, 'pump'), p.ctx))['test_x.py'],
    '        thread = threading.Thread(target=_pump, name="pump")\n        thread.start()\n        self.addCleanup(thread.join, 10)\n        self.addCleanup(_stop.set)\n', 'what its target function waits on');
  t.match(p.after(await fixResource(at('leaked-thread', 'test_inline', 27, 'ticker'), p.ctx))['test_x.py'],
    '        thread = threading.Thread(target=_stop.wait, name="ticker")\n        thread.start()\n        self.addCleanup(thread.join, 10)\n        self.addCleanup(_stop.set)\n');
  t.match(p.after(await fixResource(at('leaked-thread', 'test_timer', 31), p.ctx))['test_x.py'], '        self.addCleanup(timer.join, 10)\n        self.addCleanup(timer.cancel)\n');
});

t.test('threads with no teardown to learn from: a server is shut down, an Event the thread waits on is set', async (t) => {
  const src = [
    'import socketserver',
    'import threading',
    'import unittest',
    '',
    'STOP = threading.Event()',
    '',
    '',
    'class T(unittest.TestCase):',
    '    def test_server(self):',
    '        server = socketserver.TCPServer(("127.0.0.1", 0), Handler)',
    '        threading.Thread(target=server.serve_forever).start()',
    '',
    '    def test_waiter(self):',
    '        done = threading.Event()',
    '        worker = threading.Thread(target=wait_for, args=(done, STOP))',
    '        worker.start()',
    '',
  ].join('\n');
  const p = project({ 'test_x.py': src });
  t.teardown(p.cleanup);
  t.match(p.after(await fixResource(at('leaked-thread', 'test_server', 11), p.ctx))['test_x.py'], '        self.addCleanup(thread.join, 10)\n        self.addCleanup(server.shutdown)\n');
  const waiter = await fixResource(at('leaked-thread', 'test_waiter', 16), p.ctx);
  t.match(p.after(waiter)['test_x.py'], '        worker.start()\n        self.addCleanup(worker.join, 10)\n        self.addCleanup(STOP.set)\n        self.addCleanup(done.set)\n');
  t.match(waiter, { summary: /done\.set\(\): the Event it waits on/ });
});

t.test('children: killed, then waited for; fds: closed, os.close for raw descriptors, a with block for one-statement use', async (t) => {
  const p = project({ 'test_x.py': SRC });
  t.teardown(p.cleanup);
  t.match(p.after(await fixResource(at('leaked-child', 'test_child', 34), p.ctx))['test_x.py'],
    '        process = subprocess.Popen(["sleep", "3"])\n        self.addCleanup(process.wait)\n        self.addCleanup(process.kill)\n');
  t.match(p.after(await fixResource(at('leaked-fd', 'test_fd', 37), p.ctx))['test_x.py'], '        self.log = open("a.log", "w")\n        self.addCleanup(self.log.close)\n');
  t.match(p.after(await fixResource(at('leaked-fd', 'test_fd', 38), p.ctx))['test_x.py'], '        r, w = os.pipe()\n        self.addCleanup(os.close, w)\n        self.addCleanup(os.close, r)\n');
  t.match(p.after(await fixResource(at('leaked-fd', 'test_fd', 39), p.ctx))['test_x.py'], '        with open("b.txt") as f:\n            data = f.read()\n');
});

t.test('made in library code: each object the owner test keeps is tried with a probe run; the first that ends it without failing the test is the fix', async (t) => {
  const events: Ev[] = [{ ev: 'test-start', test: 'test_x.T.test_loop', runner: 'unittest', site: { file: 'test_x.py', line: 5 } }, { ev: 'test-end', test: 'test_x.T.test_loop', outcome: 'passed', duration: 0.1 }];
  const tried: string[] = [];
  const probe: Prober = {
    passes: async () => false,
    trial: async (_tests, edits: readonly Edit[]) => {
      tried.push(edits.map((e) => e.text.trim()).join(' '));
      // Only closing the loop ends the descriptor; the test itself passes either way.
      const closed = edits.some((e) => e.text.includes('loop.close'));
      const test = 'test_x.T.test_loop';
      const leak: Ev[] = closed ? [] : [{ ev: 'resource-open', kind: 'fd', key: 'fd:5', target: 'anon_inode:[eventpoll]', test, owner: { scope: 'test', id: test } } as Ev];
      return run(0, proc([{ ev: 'snapshot', at: 'scope-start', id: 'm' }, events[0] as Ev, { ev: 'snapshot', at: 'start', id: test }, events[1] as Ev, ...leak, { ev: 'snapshot', at: 'end', id: test }]));
    },
  };
  const src = 'import unittest\n\n\nclass T(unittest.TestCase):\n    def test_loop(self):\n        result = compute()\n        loop = self.get_new_ioloop()\n        loop.run_sync(work)\n';
  const p = project({ 'test_x.py': src }, { runs: [run(0, proc(events))], probe });
  t.teardown(p.cleanup);
  const f = finding('leaked-fd', 'test_x.T.test_loop', null, { target: 'anon_inode:[eventpoll]' });
  const fixed = await fixResource(f, p.ctx);
  t.match(fixed, { summary: /this one holds the resource/ });
  t.match(p.after(fixed)['test_x.py'], '        loop = self.get_new_ioloop()\n        self.addCleanup(loop.close)\n');
  t.same(tried, ['self.addCleanup(result.close)', 'self.addCleanup(loop.close)'], 'objects tried in order, stopping at the first that works');
});

t.test('timing: the deciding sleep becomes a join of the threads started before it, and its now unused import goes', async (t) => {
  const src = 'import threading\nimport time\nimport unittest\n\n\nclass T(unittest.TestCase):\n    def test_race(self):\n        threading.Thread(target=fill).start()\n        time.sleep(0.5)  # long enough\n        self.assertTrue(done)\n\n    def test_nothing_started(self):\n        time.sleep(0.1)\n';
  const p = project({ 'test_x.py': src });
  t.teardown(p.cleanup);
  const f = (line: number, test: string) => finding('timing-sensitive', `test_x.T.${test}`, { file: 'test_x.py', line }, { evidence: { sites: [{ site: { file: 'test_x.py', line }, outcomeDependsOnIt: true }] } });
  t.equal(p.after(await fixTiming(f(9, 'test_race'), p.ctx))['test_x.py'],
    'import threading\nimport unittest\n\n\nclass T(unittest.TestCase):\n    def test_race(self):\n        thread = threading.Thread(target=fill)\n        thread.start()\n        thread.join(10)\n        self.assertTrue(done)\n\n    def test_nothing_started(self):\n        time.sleep(0.1)\n'.replace('import threading\nimport unittest', 'import threading\nimport time\nimport unittest'),
    'time is still used by the other test, so its import stays');
  t.match(await fixTiming(f(13, 'test_nothing_started'), p.ctx), { reason: /waits for nothing test_nothing_started started/ });
  t.match(await fixTiming(finding('timing-sensitive', 'test_x.T.test_race', { file: 'test_x.py', line: 7 }, { evidence: { sites: [] } }), p.ctx), { reason: /no single sleep decides/ });
});

t.test('timing: a thread that outlives its test in a plain run is waited for through the Event it is handed', async (t) => {
  const src = 'import threading\nimport time\n\n\ndef test_ready():\n    ready = threading.Event()\n    threading.Thread(target=serve, args=(ready,)).start()\n    time.sleep(0.2)\n    assert ready.is_set()\n';
  const leak = finding('leaked-thread', 'test_s.py::test_ready', { file: 'test_s.py', line: 7 }, { evidence: { runs: [0] } });
  const p = project({ 'test_s.py': src }, { runner: 'pytest', findings: [leak], runs: [run(0, proc([]))] });
  t.teardown(p.cleanup);
  const f = finding('timing-sensitive', 'test_s.py::test_ready', { file: 'test_s.py', line: 8 }, { evidence: { sites: [{ site: { file: 'test_s.py', line: 8 }, outcomeDependsOnIt: true }] } });
  t.equal(p.after(await fixTiming(f, p.ctx))['test_s.py'], 'import threading\n\n\ndef test_ready():\n    ready = threading.Event()\n    threading.Thread(target=serve, args=(ready,)).start()\n    ready.wait(10)\n    assert ready.is_set()\n');
});
