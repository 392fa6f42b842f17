// Security properties listed in SECURITY.md, end to end through the built CLI and a real Python run:
// private file modes whatever the umask, secrets redacted before they reach disk, argv never seen
// by a shell, the trace reader never following links out of the output folder.
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readTraces } from '../../src/trace/read.js';

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const SRC = fileURLToPath(new URL('../../src/', import.meta.url));
/** A tiny suite runs in about a second; a minute means it hung. */
const RUN_TIMEOUT_MS = 60_000;

const SECRETS = ['hunter2-pw', 'tok3nVALUEabcdef', 'urlpass99'];
const SUITE = `
import unittest

class T(unittest.TestCase):
    def test_ok(self):
        pass

    def test_leaks_secrets_in_its_failure(self):
        self.fail("password=${SECRETS[0]} Authorization: Bearer ${SECRETS[1]} https://bob:${SECRETS[2]}@db.example/x")
`;

/** Runs flakescope under umask 000, so only flakescope's explicit modes can make files private. */
function runWithOpenUmask(dir: string, command: string[]) {
  const r = spawnSync('sh', ['-c', 'umask 000 && exec "$@"', 'sh', process.execPath, CLI, 'run', '--out', 'o', '--quiet', '--', ...command], { cwd: dir, encoding: 'utf8', timeout: RUN_TIMEOUT_MS });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? [p, ...walk(p)] : [p];
  });
}

t.test('outputs are owner-only (dirs 0700, files 0600) even under umask 000; secrets never reach disk', async (t) => {
  const dir = t.testdir({ 'test_s.py': SUITE });
  const r = runWithOpenUmask(dir, ['python3', '-m', 'unittest', 'test_s']);
  t.equal(r.code, 1, r.stderr);
  const out = path.join(dir, 'o');
  const entries = [out, ...walk(out)];
  t.ok(entries.some((p) => p.endsWith('.jsonl')), 'a trace was written');
  for (const p of entries) {
    const mode = statSync(p).mode & 0o777;
    t.equal(mode, statSync(p).isDirectory() ? 0o700 : 0o600, `${path.relative(dir, p) || 'o'} mode ${mode.toString(8)}`);
  }
  const report = readFileSync(path.join(out, 'report.json'), 'utf8');
  t.match(report, /test_leaks_secrets_in_its_failure/);
  for (const p of entries.filter((x) => statSync(x).isFile())) {
    const text = readFileSync(p, 'utf8');
    for (const secret of SECRETS) t.notOk(text.includes(secret), `${path.relative(dir, p)} does not contain ${secret}`);
  }
  const traces = walk(path.join(out, 'traces')).filter((p) => p.endsWith('.jsonl')).map((p) => readFileSync(p, 'utf8')).join('');
  t.match(traces, /\[REDACTED\]/, 'the failure message is in the trace, redacted');
});

t.test('the command is an argv array: shell syntax in arguments is passed literally, never run', async (t) => {
  const dir = t.testdir({});
  const hostile = ['$(touch pwned1)', '`touch pwned2`', '; touch pwned3', '| touch pwned4', '&& touch pwned5'];
  const r = spawnSync(process.execPath, [CLI, 'run', '--out', 'o', '--quiet', '--', 'python3', '-c', 'import json, sys; print(json.dumps(sys.argv[1:]))', ...hostile], { cwd: dir, encoding: 'utf8', timeout: RUN_TIMEOUT_MS });
  t.equal(r.status, 0, r.stderr);
  t.same(JSON.parse(r.stdout.split('\n')[0] ?? '[]'), hostile, 'arguments arrive unchanged');
  t.same(readdirSync(dir).filter((f) => f.startsWith('pwned')), [], 'nothing was executed by a shell');
});

t.test('no source file spawns through a shell', async (t) => {
  const files = walk(SRC).filter((p) => p.endsWith('.ts'));
  t.ok(files.length > 10);
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    t.notMatch(text, /shell\s*:\s*(true|['"])|execaCommand|\bexecSync\s*\(|(?<!\.)\bexec\s*\(|\$`/, path.relative(SRC, file));
    // node:child_process is allowed for spawn() alone, which takes an argv array and uses no shell.
    for (const m of text.matchAll(/import\s*\{([^}]*)\}\s*from\s*'node:child_process'/g)) {
      const names = (m[1] ?? '').split(',').map((n) => n.trim().replace(/^type\s+/, '')).filter((n) => n !== '');
      t.same(names.filter((n) => !['spawn', 'ChildProcess', 'SpawnOptions'].includes(n)), [], `${path.relative(SRC, file)} imports only spawn from node:child_process`);
    }
    t.notMatch(text, /import\s+\*\s+as\s+\w+\s+from\s*'node:child_process'|import\s+\w+\s+from\s*'node:child_process'/, `${path.relative(SRC, file)}: no whole-module import of node:child_process`);
  }
});

t.test('the reader never follows links out of the traces folder, and names files relative to it', async (t) => {
  const dir = t.testdir({ outside: { 'secret.jsonl': '{"ev":"header","v":1,"pid":666}\n{"ev":"test-start","t":1,"test":"stolen"}\n' } });
  const run0 = path.join(dir, 'o', 'traces', '0');
  mkdirSync(run0, { recursive: true });
  writeFileSync(path.join(run0, '1.jsonl'), '{"ev":"header","v":1,"pid":1}\n{"ev":"test-start","t":1,"test":"mine"}\n');
  symlinkSync(path.join(dir, 'outside', 'secret.jsonl'), path.join(run0, '2.jsonl'));
  symlinkSync(path.join(dir, 'outside'), path.join(dir, 'o', 'traces', '1'));
  const { runs, warnings } = await readTraces(path.join(dir, 'o'));
  t.same(runs.map((r) => r.index), [0], 'the linked run folder is not a run');
  t.same(runs[0]?.processes.map((p) => p.header.pid), [1], 'the linked trace file is not read');
  t.ok(warnings.some((w) => w.where === path.join('traces', '0', '2.jsonl')), 'the linked file is reported');
  t.ok(warnings.some((w) => w.where === path.join('traces', '1')), 'the linked folder is reported');
  t.ok(warnings.every((w) => !path.isAbsolute(w.where) && !w.where.split(path.sep).includes('..')), 'warning paths stay relative');
  t.ok(existsSync(path.join(dir, 'outside', 'secret.jsonl')));
});
