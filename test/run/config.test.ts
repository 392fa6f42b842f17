import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import fc from 'fast-check';
import t from 'tap';
import { AJV_OPTIONS, configFor, loadProjectConfig } from '../../src/run/config.js';
import { CONFIG_KEYS, CONFIG_SCHEMA } from '../../src/run/config-schema.js';

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

t.test("the build's precompiled validator gives ajv's own verdicts and errors", async (t) => {
  const built = fileURLToPath(new URL('../../dist/run/config-validator.cjs', import.meta.url));
  if (!existsSync(built)) throw new Error(`${built} is missing: run npm run build (npm test does it)`);
  const precompiled = createRequire(import.meta.url)(built) as ValidateFunction;
  const compiled = new Ajv(AJV_OPTIONS).compile(CONFIG_SCHEMA);
  const value = fc.oneof(fc.string({ maxLength: 4 }), fc.constantFrom('auto', '1/2', '0/1', 'never', 'sometimes', ''), fc.integer({ min: -2, max: 5 }), fc.double(), fc.boolean(), fc.array(fc.constantFrom('a', '')));
  const configs = fc.sample(fc.dictionary(fc.constantFrom(...CONFIG_KEYS, 'bogus'), value, { maxKeys: 4 }), { numRuns: 800, seed: 7 });
  let invalid = 0;
  for (const config of configs) {
    const verdict = precompiled(config);
    if (!verdict) invalid++;
    const expected = [compiled(config), compiled.errors ?? null];
    if (JSON.stringify([verdict, precompiled.errors ?? null]) !== JSON.stringify(expected)) t.same([verdict, precompiled.errors ?? null], expected, JSON.stringify(config));
  }
  t.ok(invalid > 100 && invalid < configs.length - 100, `${invalid} of ${configs.length} generated configs are invalid: both kinds compared`);
});
