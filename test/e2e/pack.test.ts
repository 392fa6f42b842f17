// The npm package works from its tarball: npm pack, install into a fresh folder, run the installed CLI.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { repoRoot } from '../helpers/scenarios.mjs';

/** npm install fetches the runtime dependencies (from the local cache when warm); allow a slow registry. */
const INSTALL_TIMEOUT_MS = 300_000;

t.test('npm pack -> npm install -> npx flakescope', async (t) => {
  const work = mkdtempSync(join(tmpdir(), 'flakescope-pack-'));
  t.teardown(() => rmSync(work, { recursive: true, force: true }));
  const npm = (args: string[], cwd: string) => spawnSync('npm', args, { cwd, encoding: 'utf8', timeout: INSTALL_TIMEOUT_MS });

  const pack = npm(['pack', '--json', '--pack-destination', work], repoRoot);
  t.equal(pack.status, 0, 'npm pack', { stderr: pack.stderr });
  const [info] = JSON.parse(pack.stdout.slice(pack.stdout.indexOf('['))) as { filename: string; files: { path: string }[] }[];
  const files = (info?.files ?? []).map((f) => f.path);
  for (const f of ['dist/cli.js', 'dist/run/config-validator.cjs', 'python-shim/sitecustomize.py', 'python-shim/flakescope_shim/__init__.py', 'package.json']) t.ok(files.includes(f), `tarball has ${f}`);
  const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  t.ok(manifest.dependencies['better-sqlite3'], 'the history store is a runtime dependency, installed (and built) with the package');
  t.notOk(files.some((f) => f.startsWith('src/') || f.startsWith('test/') || f.includes('__pycache__')), 'no sources, tests or bytecode');

  const app = join(work, 'app');
  spawnSync('mkdir', [app]);
  writeFileSync(join(app, 'package.json'), '{"name":"app","private":true}');
  // --ignore-scripts: better-sqlite3 would compile from source again here (over a minute of CPU); the
  // run below says --history off, so it is never loaded, and test/history/ covers the store itself.
  const install = npm(['install', '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts', join(work, info?.filename ?? '')], app);
  t.equal(install.status, 0, 'npm install <tgz>', { stderr: install.stderr });

  const help = spawnSync('npx', ['--no-install', 'flakescope', '--help'], { cwd: app, encoding: 'utf8' });
  t.equal(help.status, 0);
  t.match(help.stdout, /flakescope <command>/);

  writeFileSync(join(app, 'test_tiny.py'), 'import unittest\nfrom unittest import mock\n\nclass T(unittest.TestCase):\n    def test_leak(self):\n        mock.patch("os.getcwd", return_value="/").start()\n');
  const run = spawnSync('npx', ['--no-install', 'flakescope', 'run', '--quiet', '--history', 'off', '--out', 'out', '--', 'python3', '-m', 'unittest'], {
    cwd: app, encoding: 'utf8', env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
  });
  t.equal(run.status, 1, 'the leak is a finding', { stderr: run.stderr });
  t.ok(existsSync(join(app, 'out', 'report.json')));
  const report = JSON.parse(readFileSync(join(app, 'out', 'report.json'), 'utf8')) as { findings: { kind: string; test: string }[] };
  t.same(report.findings.map((f) => [f.kind, f.test]), [['leaked-patch', 'test_tiny.T.test_leak']], 'the installed shim traced the run');
});
