import t from 'tap';
import { spawnCommand } from '../../src/run/spawn.js';
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
