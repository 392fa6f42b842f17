import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { configFor, loadProjectConfig } from '../../src/run/config.js';

function project(t: { teardown: (f: () => void) => void }, files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'flakescope-config-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

t.test('no config file, or a pyproject without [tool.flakescope], gives {}', async (t) => {
  t.same(loadProjectConfig(project(t, {})), {});
  t.same(loadProjectConfig(project(t, { 'pyproject.toml': '[project]\nname = "x"\n' })), {});
});

t.test('JSON wins over pyproject key by key', async (t) => {
  const dir = project(t, { 'pyproject.toml': '[tool.flakescope]\nfail-on = "never"\nruns = 3\n', 'flakescope.config.json': '{"runs": 5}' });
  t.same(loadProjectConfig(dir), { 'fail-on': 'never', runs: 5 });
});

t.test('errors name the file, the key and the allowed values', async (t) => {
  t.throws(() => loadProjectConfig(project(t, { 'pyproject.toml': '[tool.flakescope]\nfail-on = 1\nshard = "x"\n' })), {
    name: 'UsageError', message: /pyproject\.toml \[tool\.flakescope\]: key "fail-on" must be one of "error", "warning", "info", "never"; key "shard" must look like K\/N/,
  });
  t.throws(() => loadProjectConfig(project(t, { 'pyproject.toml': '[tool.flakescope\n' })), { name: 'UsageError', message: /not valid TOML/ });
  t.throws(() => loadProjectConfig(project(t, { 'flakescope.config.json': '{' })), { name: 'UsageError', message: /flakescope\.config\.json: not valid JSON/ });
  t.throws(() => loadProjectConfig(project(t, { 'flakescope.config.json': '{"quiet": "yes"}' })), { message: /key "quiet" must be boolean/ });
});

t.test('configFor keeps the keys a command accepts', async (t) => {
  t.same(configFor({ jobs: 2, 'fail-on': 'never' }, ['fail-on']), { 'fail-on': 'never' });
});
