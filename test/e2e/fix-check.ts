// Issue 25 end to end, shared by fix-patches.test.ts and fix-resources.test.ts (two files so tap runs
// them side by side: the replays mostly wait on the scenarios' threads and sleeps). A scenario whose
// expect.json has a `fix` block, in a copy of its folder: `flakescope run` (its report checked as
// scenarios.test.ts would, scenario-check.ts), then `flakescope fix
// --apply --runs 1`; fixes.json must hold each expected status and patch lines, every patch must
// `git apply --check` on the untouched copy, the named clean code must be byte for byte the same
// after --apply, and a new run must have none of the fixed kinds' findings with every test that
// passed before still passing.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Test } from 'tap';
import type { Finding } from '../../src/check/finding.js';
import type { FixesFile } from '../../src/fix/record.js';
import type { Report } from '../../src/report/model.js';
import { cliPath, commandFor, flagsFor, loadScenarios, missingRequirement, pythonFor, runFlakescope } from '../helpers/scenarios.mjs';
import { checkScenarioRun } from './scenario-check.js';
import { requireOrSkip } from '../helpers/requirements.mjs';

interface ExpectedFix {
  kind: string;
  test: string;
  target?: string;
  status: 'verified' | 'failed' | 'no-fix';
  /** Lines the patch must contain (with their +/- sign). */
  patch?: string[];
  /** Added lines the patch must have, exactly (as small as a careful human's). */
  patchLines?: number;
  reason?: string;
}

interface FixBlock {
  fixes: ExpectedFix[];
  /** "file:Qualified.name" whose source must not change. */
  untouched: string[];
  absentAfterApply: string[];
}

/** Replays per verification in CI: each costs a run of the owner's tests. */
const RUNS = '1';

const SEGMENT = `
import ast, sys
path, qual = sys.argv[1], sys.argv[2]
src = open(path).read()
node = ast.parse(src)
for part in qual.split("."):
    node = next(n for n in node.body if getattr(n, "name", None) == part)
sys.stdout.write(ast.get_source_segment(src, node))
`;

function segment(python: string, dir: string, spec: string): string {
  const [file, qual] = spec.split(':') as [string, string];
  const r = spawnSync(python, ['-c', SEGMENT, join(dir, file), qual], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout : `<${spec}: ${r.stderr.trim().split('\n').pop()}>`;
}

const git = (cwd: string, ...args: string[]) => spawnSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd, encoding: 'utf8' });

const withFix = (e: object): FixBlock | undefined => (e as { fix?: FixBlock }).fix;

/** Scenarios fix-patches.test.ts checks; fix-resources.test.ts checks every other one with a fix block. */
export const PATCH_SCENARIOS = ['fix-must-fail', 'fix-pytest-patches', 'fix-timing-join', 'fix-unittest-patches'];

/** The scenarios with a fix block, by name. */
export const fixScenarios = () => loadScenarios().filter((s) => withFix(s.expect) !== undefined);

export function checkFixScenario(t: Test, { name, dir, expect }: ReturnType<typeof fixScenarios>[number]): void {
  t.test(name, async (t) => {
    if (!requireOrSkip(t, missingRequirement(expect))) return;
    const block = withFix(expect) as FixBlock;
    const base = mkdtempSync(join(tmpdir(), `flakescope-fix-${name}-`));
    t.teardown(() => rmSync(base, { recursive: true, force: true }));
    const work = join(base, 'work');
    const pristine = join(base, 'pristine');
    cpSync(dir, work, { recursive: true });
    cpSync(dir, pristine, { recursive: true });
    git(pristine, 'init', '-q');
    const out = join(base, 'out');
    const flags = [...flagsFor(expect), '--no-repro'];
    const first = runFlakescope(commandFor(expect), { cwd: work, out, flags });
    // The scenario's own checks on this run: scenarios.test.ts leaves the scenarios with a fix block to it.
    const report = checkScenarioRun(t, first, expect, out);
    if (!report) return;

    const fix = spawnSync(process.execPath, [cliPath, 'fix', out, '--runs', RUNS, '--apply', '--quiet'], { cwd: work, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    const anyFailed = block.fixes.some((f) => f.status === 'failed');
    t.equal(fix.status, anyFailed ? 1 : 0, 'exit 1 only when a proposal failed verification', { stdout: fix.stdout, stderr: fix.stderr });
    const records = (JSON.parse(readFileSync(join(out, 'fixes.json'), 'utf8')) as FixesFile).fixes;
    const byId = new Map(report.findings.map((f: Finding) => [f.id, f]));
    t.equal(records.length, report.findings.length, 'one record per finding');
    for (const want of block.fixes) {
      const rec = records.find((r) => {
        const f = byId.get(r.finding);
        return f?.kind === want.kind && f.test === want.test && (want.target === undefined || f.target === want.target);
      });
      const label = `${want.kind} ${want.test}${want.target ? ` ${want.target}` : ''}`;
      if (!rec) {
        t.fail(`${label}: no fix record`);
        continue;
      }
      t.equal(rec.status, want.status, `${label}: ${want.status}`, { reason: rec.reason, patch: rec.patch });
      const lines = (rec.patch ?? '').split('\n');
      for (const l of want.patch ?? []) t.ok(lines.includes(l), `${label}: patch has ${l}`, { patch: rec.patch });
      if (want.patchLines !== undefined) t.equal(lines.filter((l) => l.startsWith('+') && !l.startsWith('+++')).length, want.patchLines, `${label}: ${want.patchLines} added line(s)`);
      if (want.reason) t.match(rec.reason, want.reason, `${label}: the reason says what happened`);
      if (rec.patch) {
        const check = spawnSync('git', ['apply', '--check', '-'], { cwd: pristine, input: rec.patch, encoding: 'utf8' });
        t.equal(check.status, 0, `${label}: git apply --check`, { stderr: check.stderr });
      }
    }
    const python = pythonFor(expect);
    for (const spec of block.untouched) t.equal(segment(python, work, spec), segment(python, pristine, spec), `${spec} untouched`);

    const again = runFlakescope(commandFor(expect), { cwd: work, out: join(base, 'out2'), flags });
    const after = again.report as Report | null;
    if (!after) return t.fail('report.json of the run after --apply was not written', { stderr: again.stderr });
    t.same(after.findings.filter((f) => block.absentAfterApply.includes(f.kind)).map((f) => `${f.kind} ${f.test}`), [], 'no finding of the fixed kinds after --apply');
    const passedBefore = report.tests.filter((x) => x.verdict === 'pass').map((x) => x.id);
    const verdicts = new Map(after.tests.map((x) => [x.id, x.verdict]));
    t.same(passedBefore.filter((id) => verdicts.get(id) !== 'pass'), [], 'every test that passed before still passes');
  });
}
