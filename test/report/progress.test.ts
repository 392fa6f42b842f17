import t from 'tap';
import { PassThrough } from 'node:stream';
import { createProgress } from '../../src/report/progress.js';

function capture(isTTY: boolean) {
  const stream = Object.assign(new PassThrough(), { isTTY, columns: 100, cursorTo: () => true, clearLine: () => true, moveCursor: () => true });
  const chunks: string[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c.toString()));
  return { stream, text: () => chunks.join('') };
}

function drive(p: ReturnType<typeof createProgress>) {
  p.runStarted(0); p.testsDone(12); p.findings(3); p.runFinished(0); p.runStarted(1); p.stop();
}

t.test('not a TTY: writes nothing', async (t) => {
  const { stream, text } = capture(false);
  const p = createProgress({ runs: 2, stream });
  t.equal(p.live, false);
  drive(p);
  await new Promise((r) => setImmediate(r));
  t.equal(text(), '');
});

t.test('quiet on a TTY: writes nothing', async (t) => {
  const { stream, text } = capture(true);
  const p = createProgress({ runs: 2, stream, quiet: true });
  t.equal(p.live, false);
  drive(p);
  await new Promise((r) => setImmediate(r));
  t.equal(text(), '');
});

t.test('TTY: shows run i/N, tests and findings', async (t) => {
  const { stream, text } = capture(true);
  const p = createProgress({ runs: 2, stream });
  t.equal(p.live, true);
  p.runStarted(0); p.testsDone(12); p.findings(3); p.runFinished(0); p.runStarted(1);
  await new Promise((r) => setTimeout(r, 300));
  p.stop();
  t.match(text(), /run 2\/2 .*tests 12 \| findings 3/);
});
