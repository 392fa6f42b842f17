// `flakescope fix` as a user runs it, for what needs no test suite: usage errors exit 2 with a
// one-line message saying what to do.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const fix = (args: string[], cwd: string) => spawnSync(process.execPath, [CLI, 'fix', ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

t.test('usage errors', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'flakescope-fix-cli-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'out', 'traces'), { recursive: true });
  const cases: Array<[string, string[], RegExp]> = [
    ['no folder', [], /give the folder: flakescope fix DIR/],
    ['not an output folder', ['nowhere'], /not a flakescope output folder/],
    ['bad --runs', ['out', '--runs', '0'], /--runs 0: give a whole number >= 1/],
    ['unknown kind', ['out', '--kinds', 'leaked-patch,bogus'], /--kinds bogus: not a finding kind; fixable kinds are leaked-patch, env-pollution/],
    ['no run.json to take the command from', ['out'], /no usable run.json/],
  ];
  for (const [name, args, message] of cases) {
    const r = fix(args, dir);
    t.equal(r.status, 2, `${name}: exit 2`, { stderr: r.stderr });
    t.match(r.stderr, message, name);
  }
  writeFileSync(join(dir, 'out', 'run.json'), '{');
  t.match(fix(['out'], dir).stderr, /no usable run.json/, 'an unreadable run.json is the same');
});
