import t from 'tap';
import { appendFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { TestEndCounter } from '../../src/trace/tail.js';

const end = (test: string): string => `${JSON.stringify({ ev: 'test-end', test, outcome: 'passed' })}\n`;

t.test('counts finished tests across files, reading only what was appended, whole lines only', async (t) => {
  const dir = t.testdir({});
  const a = path.join(dir, '1.jsonl');
  writeFileSync(a, '{"v":1,"ev":"header"}\n' + end('t1'));
  const counter = new TestEndCounter(dir);
  t.equal(await counter.poll(), 1);
  const line = end('t2');
  appendFileSync(a, line.slice(0, 10));
  t.equal(await counter.poll(), 1, 'a half-written line is not counted yet');
  appendFileSync(a, line.slice(10));
  writeFileSync(path.join(dir, '2.jsonl'), end('t3') + '{"ev":"test-start","test":"t4"}\n');
  writeFileSync(path.join(dir, 'notes.txt'), end('ignored'));
  t.equal(await counter.poll(), 3);
  t.equal(await counter.poll(), 3, 'nothing counted twice');
});

t.test('a run folder that does not exist yet counts zero', async (t) => {
  t.equal(await new TestEndCounter(path.join(t.testdir({}), 'missing')).poll(), 0);
});
