// Runs parsed while they run must read exactly as the finished files read from their start: the live
// part stops anywhere (mid-line, mid-character, at the event budget) and the read after the run goes on.
import t from 'tap';
import { appendFileSync, closeSync, mkdirSync, openSync, renameSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { FollowedRuns, RunFollower } from '../../src/trace/follow.js';
import { readRunDir } from '../../src/trace/read-run.js';
import { readTraces } from '../../src/trace/read.js';
import { Trail } from '../../src/trace/trail.js';

const header = (pid: number) => JSON.stringify({ ev: 'header', v: 1, pid, ppid: 1, python: '3.11.7', argv: [], run: 0, t0: 0 });
const line = (e: object): string => `${JSON.stringify(e)}\n`;

/** A test with a patch and a sleep whose site has a non-ASCII name (a character split across two reads). */
function testLines(n: number, secret = 'hunter2-secret-value'): string {
  let out = line({ ev: 'test-start', t: 10 * n, test: `m.T.test_${n}`, site: { file: 't.py', line: 1 } });
  out += line({ ev: 'patch-start', t: 10 * n + 1, test: `m.T.test_${n}`, id: `p${n + 1}`, target: 'os.getcwd', via: 'mock.patch', how: 'context', owner: { scope: 'test', id: `m.T.test_${n}` }, site: { file: 'tëst_ü.py', line: 3 } });
  out += line({ ev: 'sleep', t: 10 * n + 2, test: `m.T.test_${n}`, api: 'time.sleep', requested: 0, actual: 0.001, site: { file: 'tëst_ü.py', line: 4 }, note: secret });
  out += line({ ev: 'patch-stop', t: 10 * n + 3, test: `m.T.test_${n}`, id: `p${n + 1}`, how: 'exit' });
  out += line({ ev: 'test-end', t: 10 * n + 4, test: `m.T.test_${n}`, outcome: n % 3 === 0 ? 'failed' : 'passed', duration: 0.004 });
  return out;
}

const plain = (value: unknown): string => JSON.stringify(value, (_k, v: unknown) =>
  v instanceof Trail ? { trail: [...v] } : v instanceof Map ? { map: [...v] } : v instanceof Set ? { set: [...v] } : v);

async function readBoth(tracesDir: string, heads: Map<string, unknown> | null, secrets: string[] = []): Promise<[string, string]> {
  const fresh = { w: [], n: [] };
  const live = { w: [], n: [] };
  const a = await readRunDir(tracesDir, '0', { knownSecrets: secrets }, fresh.w, fresh.n);
  const b = await readRunDir(tracesDir, '0', { knownSecrets: secrets }, live.w, live.n, (heads ?? undefined) as never);
  return [plain({ run: a, ...fresh }), plain({ run: b, ...live })];
}

function runDir(t: { testdir: () => string }): { tracesDir: string; dir: string } {
  const tracesDir = path.join(t.testdir(), 'traces');
  const dir = path.join(tracesDir, '0');
  mkdirSync(dir, { recursive: true });
  return { tracesDir, dir };
}

t.test('a file followed while written in pieces reads as the finished file does', async (t) => {
  const { tracesDir, dir } = runDir(t);
  const file = path.join(dir, '7.jsonl');
  const secrets = ['hunter2-secret-value'];
  const text = `${header(7)}\n${testLines(0)}${testLines(1)}${testLines(2)}${testLines(3)}{"ev":"te`;
  const bytes = Buffer.from(text);
  // Cut inside the first "ë" (a two-byte character) and inside a line.
  const cut = bytes.indexOf(Buffer.from('ë')) + 1;
  writeFileSync(file, bytes.subarray(0, cut));
  writeFileSync(path.join(dir, '8.jsonl'), `${header(8)}\n${testLines(5)}`);
  const follower = new RunFollower(dir, '0', secrets, { left: 1000 });
  follower.poll();
  appendFileSync(file, bytes.subarray(cut, cut + 300));
  follower.poll();
  appendFileSync(file, bytes.subarray(cut + 300));
  follower.poll();
  const heads = follower.finish();
  t.equal(heads.get('7.jsonl')?.offset, bytes.length, 'the whole file was read while followed');
  t.ok((heads.get('7.jsonl')?.parsed ?? 0) >= 20, 'and parsed');
  t.notOk(plain(heads.get('7.jsonl')?.fold).includes('hunter2'), 'events are redacted as parsed');
  const [fresh, live] = await readBoth(tracesDir, heads, secrets);
  t.equal(live, fresh);
  t.match(fresh, /torn last line/, 'the torn last line is still reported');
});

t.test('the read after the run does not read again what was parsed while following', async (t) => {
  const { tracesDir, dir } = runDir(t);
  const file = path.join(dir, '7.jsonl');
  writeFileSync(file, `${header(7)}\n${testLines(0)}`);
  const follower = new RunFollower(dir, '0', [], { left: 1000 });
  follower.poll();
  appendFileSync(file, testLines(1));
  const [fresh] = await readBoth(tracesDir, null);
  // Overwritten in place (same file, same size): only a read from the start would see it.
  const handle = openSync(file, 'r+');
  writeSync(handle, 'x'.repeat(40), 0);
  closeSync(handle);
  const [, live] = await readBoth(tracesDir, follower.finish());
  t.equal(live, fresh);
});

t.test('a file replaced or truncated after a poll is read from its start', async (t) => {
  const { tracesDir, dir } = runDir(t);
  const replaced = path.join(dir, '7.jsonl');
  const truncated = path.join(dir, '9.jsonl');
  writeFileSync(replaced, `${header(7)}\n${testLines(0)}${testLines(1)}`);
  writeFileSync(truncated, `${header(9)}\n${testLines(0)}${testLines(1)}`);
  const follower = new RunFollower(dir, '0', [], { left: 1000 });
  follower.poll();
  // Longer than before: only its identity tells it apart.
  writeFileSync(`${replaced}.new`, `${header(7)}\n${testLines(4)}${testLines(5)}${testLines(6)}`);
  renameSync(`${replaced}.new`, replaced);
  follower.poll();
  truncateSync(truncated, 200);
  const heads = follower.finish();
  t.notOk(heads.has('7.jsonl'), 'the replaced file is no longer followed');
  t.ok(heads.has('9.jsonl'), 'the truncation happened after the last poll');
  const [fresh, live] = await readBoth(tracesDir, heads);
  t.equal(live, fresh);
});

t.test('a file folded while followed is read again from its start when a file listed before it came later', async (t) => {
  const { tracesDir, dir } = runDir(t);
  writeFileSync(path.join(dir, '8.jsonl'), `${header(8)}\n${testLines(0)}`);
  const follower = new RunFollower(dir, '0', [], { left: 1000 });
  follower.poll();
  writeFileSync(path.join(dir, '7.jsonl'), `${header(7)}\n${testLines(1)}`);
  appendFileSync(path.join(dir, '8.jsonl'), testLines(2));
  follower.poll();
  const heads = follower.finish();
  t.equal(heads.get('8.jsonl')?.fold.proc, 0, 'folded as the first process: it was alone');
  const [fresh, live] = await readBoth(tracesDir, heads);
  t.equal(live, fresh, 'read as the second process it is');
});

t.test('the event budget stops following, and the rest is read after the run', async (t) => {
  const { tracesDir, dir } = runDir(t);
  writeFileSync(path.join(dir, '7.jsonl'), `${header(7)}\n${Array.from({ length: 200 }, (_, i) => testLines(i)).join('')}`);
  writeFileSync(path.join(dir, '8.jsonl'), `${header(8)}\n${testLines(1)}`);
  const budget = { left: 3 };
  const follower = new RunFollower(dir, '0', [], budget);
  follower.poll();
  const heads = follower.finish();
  t.ok(budget.left <= 0, 'the budget is used up');
  t.ok((heads.get('7.jsonl')?.parsed ?? 0) < 1000, 'the file (3 reads long) was not parsed whole');
  t.notOk(heads.has('8.jsonl'), 'no file is started once the budget is spent');
  const [fresh, live] = await readBoth(tracesDir, heads);
  t.equal(live, fresh);
});

t.test('readTraces continues followed runs, and reads a run followed with other secrets from its start', async (t) => {
  const { tracesDir, dir } = runDir(t);
  writeFileSync(path.join(dir, '7.jsonl'), `${header(7)}\n${testLines(0)}`);
  const out = path.dirname(tracesDir);
  let ended = (): void => undefined;
  const followed = new FollowedRuns(tracesDir);
  const follower = followed.follow(0, [], new Promise<void>((resolve) => { ended = resolve; }));
  follower.poll();
  appendFileSync(path.join(dir, '7.jsonl'), testLines(1));
  ended();
  t.ok(followed.has('0'));
  const live = await readTraces(out, {}, followed);
  t.notOk(followed.has('0'), 'taken once');
  t.equal(plain(live), plain(await readTraces(out, {})));

  const other = new FollowedRuns(tracesDir);
  other.follow(0, ['hunter2-secret-value'], Promise.resolve());
  t.equal(other.take('0', []), null, 'parsed with other secrets: not used');
});

t.test('the polls that parse also count finished tests, whole lines only, and past the event budget by their text', async (t) => {
  const { dir } = runDir(t);
  const file = path.join(dir, '7.jsonl');
  writeFileSync(file, `${header(7)}\n${testLines(0)}`);
  const seen: number[] = [];
  const follower = new RunFollower(dir, '0', [], { left: 8 });
  follower.onPoll = (n) => seen.push(n);
  follower.poll();
  t.equal(follower.testsEnded, 1, 'one test end parsed');
  const rest = testLines(1) + testLines(2);
  appendFileSync(file, rest.slice(0, rest.length - 5));
  follower.poll();
  t.equal(follower.testsEnded, 2, 'the budget ran out: counted by text, and a half-written line not yet');
  appendFileSync(file, rest.slice(rest.length - 5));
  writeFileSync(path.join(dir, '9.jsonl'), `${header(9)}\n${testLines(3)}`);
  follower.poll();
  t.equal(follower.testsEnded, 4, 'every finished test of every file, none twice');
  t.same(seen, [1, 2, 4], 'each poll tells the progress bar');
  const heads = follower.finish();
  t.ok((heads.get('7.jsonl')?.offset ?? 0) < Buffer.byteLength(`${header(7)}\n${testLines(0)}${rest}`), 'parsing stopped at the budget: the read after the run goes on from there');
});
