import t from 'tap';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { LOG_DRAIN_GRACE_MS, spawnCommand } from '../../src/run/spawn.js';
import { UsageError } from '../../src/errors.js';

t.test('returns exit code, signal and duration', async (t) => {
  const ok = await spawnCommand([process.execPath, '-e', 'process.exit(3)'], process.env);
  t.equal(ok.exitCode, 3);
  t.equal(ok.signal, null);
  t.ok(ok.durationMs >= 0);
  const killed = await spawnCommand(['sh', '-c', 'kill -KILL $$'], process.env);
  t.equal(killed.exitCode, null);
  t.equal(killed.signal, 'SIGKILL');
});

t.test('argv is not interpreted by a shell', async (t) => {
  const r = await spawnCommand([process.execPath, '-e', 'process.exit(process.argv[1] === "$(exit 7); *" ? 0 : 1)', '$(exit 7); *'], process.env);
  t.equal(r.exitCode, 0);
});

t.test('a missing or empty command is a usage error', async (t) => {
  await t.rejects(spawnCommand(['no-such-command-flakescope-xyz'], process.env), UsageError);
  await t.rejects(spawnCommand([], process.env), UsageError);
});

t.test('a log file gets the output redacted line by line, private, in arrival order', async (t) => {
  const dir = t.testdir({});
  const log = path.join(dir, 'run.log');
  const script = [
    'console.log("password=hunter22 and the deploy key " + process.env.DEPLOY_KEY)',
    'console.error("{\'Cookie\': \'session=8c1f2e3d4b5a\'}")',
    'process.stdout.write("last line without a newline postgresql://app:s3cret@db/x")',
  ].join(';');
  const r = await spawnCommand([process.execPath, '-e', script], { ...process.env, DEPLOY_KEY: 'dk-0123456789' }, undefined, log);
  t.equal(r.exitCode, 0);
  const text = readFileSync(log, 'utf8');
  for (const secret of ['hunter22', 'dk-0123456789', '8c1f2e3d4b5a', 's3cret']) t.notOk(text.includes(secret), `no ${secret}`);
  t.match(text, /password=\[REDACTED\] and the deploy key \[REDACTED\]\n/);
  t.match(text, /\{'Cookie': '\[REDACTED\]'\}\n/);
  t.match(text, /last line without a newline postgresql:\/\/app:\[REDACTED\]@db\/x$/);
  t.equal(statSync(log).mode & 0o777, 0o600);
});

t.test('a leaked child holding the output pipe does not hold the run past the grace', async (t) => {
  const dir = t.testdir({});
  const log = path.join(dir, 'run.log');
  const started = Date.now();
  const r = await spawnCommand(['sh', '-c', 'sleep 30 & echo "child $!"'], process.env, undefined, log);
  t.equal(r.exitCode, 0);
  t.ok(Date.now() - started < LOG_DRAIN_GRACE_MS + 5_000, `returned after ${Date.now() - started} ms`);
  const pid = Number(/child (\d+)/.exec(readFileSync(log, 'utf8'))?.[1]);
  t.ok(pid > 0, 'the line before the exit is in the log');
  process.kill(pid, 'SIGKILL');
});
