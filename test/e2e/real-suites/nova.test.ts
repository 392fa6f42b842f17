// Issue 3 acceptance on real code: nova's test_bug_1896463 under Debian's python3 (eventlet
// monkey-patching, fixtures.MockPatch through useFixture, sleeps inside the patched functions).
// Issue 20: it has no defect of its own, so flakescope exits 0 with no error finding: oslo.messaging's
// metrics thread, alembic's sys.path entry and the loggers nova's fixtures and oslo_db set are info
// or warnings that say why (expected.json's "nova-seed" list is empty). ~8 s of CPU.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import type { Report } from '../../../src/report/model.js';
import type { Site } from '../../../src/trace/schema.js';
import { runFlakescope } from '../../helpers/scenarios.mjs';
import { requireOrSkip } from '../../helpers/requirements.mjs';
import { spawnSync } from 'node:child_process';
import { checkErrors } from './check.js';

const PYTHON = '/usr/bin/python3';
const MODULE = 'nova.tests.functional.regressions.test_bug_1896463';
const FILE = 'nova/tests/functional/regressions/test_bug_1896463.py';
const PASTE_INI = '/usr/lib/python3/dist-packages/etc/nova/api-paste.ini';
const LEAK_KINDS = new Set(['leaked-patch', 'unreleased-fixture', 'leaked-thread', 'leaked-fd', 'leaked-child', 'env-pollution']);

function missing(): string | null {
  const probe = spawnSync(PYTHON, ['-c', `import ${MODULE}`], { cwd: tmpdir(), encoding: 'utf8' });
  if (probe.error || probe.status !== 0) return `${PYTHON} cannot import ${MODULE} (run \`npm run setup:test\`)`;
  if (!existsSync(PASTE_INI)) return `${PASTE_INI} is missing (run \`npm run setup:test\`)`;
  return null;
}

// nova's files are outside the cwd, so sites carry absolute dist-packages paths.
const inFile = (site: Site | null | undefined): boolean => !!site && site.file.endsWith(FILE);
const within = (site: Site, low: number, high: number): boolean => site.line >= low && site.line <= high;

t.test('nova test_bug_1896463 through flakescope', async (t) => {
  if (!requireOrSkip(t, missing())) return;
  const cwd = mkdtempSync(join(tmpdir(), 'flakescope-nova-'));
  t.teardown(() => rmSync(cwd, { recursive: true, force: true }));

  const run = runFlakescope([PYTHON, '-m', 'testtools.run', MODULE], { cwd, out: join(cwd, 'out') });
  const diagnostics = { stdout: run.stdout.slice(-4000), stderr: run.stderr.slice(-4000) };
  t.equal(run.exitCode, 0, 'exit 0: no error finding', diagnostics);
  const report = run.report as Report | null;
  if (!report) {
    t.fail('report.json was not written', diagnostics);
    return;
  }

  const tests = report.tests.filter((test) => test.id.startsWith(`${MODULE}.`));
  t.equal(tests.length, 1, 'exactly one nova test recorded');
  t.equal(tests[0]?.verdict, 'pass', 'the nova test passed');

  for (const [line, minMs] of [[193, 1000], [204, 2000]] as const) {
    const sleep = report.sleeps.find((s) => inFile(s.site) && s.site.line === line);
    t.ok(sleep, `a sleep recorded at test_bug_1896463.py:${line}`, { sleeps: report.sleeps });
    t.ok((sleep?.totalMs ?? 0) >= minMs, `sleep at :${line} lasted >= ${minMs} ms (got ${sleep?.totalMs})`);
  }

  const patchCases = [
    ['Instance.drop_migration_context', 196, 199],
    ['MigrationList.get_in_progress_and_error', 207, 211],
  ] as const;
  for (const [suffix, low, high] of patchCases) {
    const patch = report.patches.find((p) => p.target.endsWith(suffix) && inFile(p.site));
    t.ok(patch, `patch of ...${suffix} recorded in test_bug_1896463.py`, { patches: report.patches });
    if (!patch) continue;
    t.ok(within(patch.site, low, high), `patch site line ${patch.site.line} within ${low}-${high}`);
    t.equal(patch.leaked, false, `patch of ...${suffix} was stopped`);
  }

  for (const [name, line] of [['NeutronFixture', 47], ['GlanceFixture', 48], ['PlacementFixture', 49]] as const) {
    const fixture = report.fixtures.find((f) => f.fixture === name && inFile(f.site));
    t.ok(fixture, `fixture ${name} recorded in test_bug_1896463.py`, { fixtures: report.fixtures });
    t.equal(fixture?.site.line, line, `${name} set up at line ${line}`);
    t.equal(fixture?.released, true, `${name} released`);
  }

  const leaksInFile = report.findings.filter((f) => LEAK_KINDS.has(f.kind) && inFile(f.site) && f.severity !== 'info');
  t.same(leaksInFile, [], 'no leak finding above info points into test_bug_1896463.py');
  checkErrors(t, 'nova-seed', report);
  const why = report.findings.filter((f) => f.severity !== 'error' && typeof f.evidence.why !== 'string');
  t.same(why, [], 'every info and warning finding says why');
  const logging = report.findings.find((f) => f.target === 'logging:root');
  t.equal(logging?.site?.line, 151, "logging:root is blamed on the line that set its level (nova.py:151), not nova.py:171's handler");
});
