// What `flakescope run` loads before its child starts (bench/startup.mjs measures the time): the built
// CLI runs with Node's module-loader log on stderr and a preload that marks, on the same stderr and
// synchronously, the moment it first spawns. Whatever is logged before the mark delayed the child.
import t, { type Test } from 'tap';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const MARK = 'FIRST-SPAWN';

/** Preload: at the first child_process.spawn, write the mark and the Node built-ins loaded so far. */
const SPAWN_MARKER = `
import cp from 'node:child_process';
import { writeSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
const spawn = cp.spawn;
cp.spawn = function (...args) {
  const builtins = process.moduleLoadList.filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice('NativeModule '.length));
  writeSync(2, '${MARK} ' + JSON.stringify(builtins) + '\\n');
  cp.spawn = spawn;
  syncBuiltinESMExports();
  return spawn.apply(this, args);
};
syncBuiltinESMExports();
`;

/** The project config is checked before the child starts (a bad one is a usage error, exit 2), by the
 *  build's precompiled validator: ajv itself would take longer to load than the rest. */
const AJV_COMPILER = /node_modules\/ajv\/dist\/(ajv|core|compile|vocabularies)/;
/** What reads and checks a config file: nothing at all without one. */
const CONFIG_READERS = /node_modules\/(ajv|smol-toml)\//;

/** Modules only a rerun, the analysis, the reports, the history store or a terminal bar need. */
const NOT_BEFORE_THE_CHILD = [
  /node_modules\/(yargs|yargs-parser|cliui|cli-progress|pidusage|better-sqlite3|pg|xmlbuilder2|fast-xml-parser)\//,
  /dist\/commands\/(pipeline|run-repro|run-progress)\.js/,
  /dist\/(check|fix)\/(?!record\.js|reproduce\.js)/,
  /dist\/report\/(?!exit-code|format-names|format-list)/,
  /dist\/trace\/(follow|read|index|run-index|outcomes)\.js/,
  /dist\/history\/(store|postgres-store|sqlite-store|schema)\.js/,
  /dist\/run\/(sample|noise|select|jobs|adaptive|sweep|redacted-log)\.js/,
];
/** Built-ins slower to load than the rest of the path to the spawn. */
const BUILTINS_NOT_BEFORE_THE_CHILD = ['crypto', 'perf_hooks'];

/** Modules a `run --format json` whose run has no finding to reproduce and no --ignore never uses: not
 *  loaded at all, since the analysis and report modules load while the child runs and compete with it. */
const NEVER_FOR_A_JSON_RUN = [
  /node_modules\/(pidusage|picomatch)\//,
  /dist\/repro\/(index|candidate|minimise|replay)\.js/,
  /dist\/report\/(markdown|html|junit|sarif|terminal|timeline|sources)\.js/,
];

const loadedIn = (log: string): string[] => [
  ...[...log.matchAll(/Storing (file:\/\/\S+)/g)].map((m) => m[1] as string),
  ...[...log.matchAll(/load "(\/[^"]+)" for module/g)].map((m) => `file://${m[1] as string}`),
];

/** The ES modules and CommonJS files the CLI loaded before its first spawn, and the built-ins; `all`: loaded by the end. */
function loadedBeforeTheChild(t: Test, files: Record<string, string>): { ok: boolean; loaded: string[]; builtins: string[]; all: string[] } {
  const dir = t.testdir({ ...files, 'spawn-marker.mjs': SPAWN_MARKER });
  // Through env -u: tap adds its own preload to NODE_OPTIONS of every process a test spawns, and it loads modules of its own.
  const r = spawnSync('env', ['-u', 'NODE_OPTIONS', '-u', 'GITHUB_ACTIONS', '-u', 'GITHUB_STEP_SUMMARY', process.execPath, '--import', path.join(dir, 'spawn-marker.mjs'), CLI, 'run', '--out', 'o', '--format', 'json', '--', process.execPath, '-e', ''], {
    cwd: dir, encoding: 'utf8', env: { ...process.env, NODE_DEBUG: 'esm,module', NO_COLOR: '1' }, timeout: 60_000,
  });
  const at = r.stderr.indexOf(MARK);
  t.ok(at >= 0, `the run spawned its command (exit ${r.status})`, { stderr: r.stderr.slice(-500) });
  if (at < 0) return { ok: false, loaded: [], builtins: [], all: [] };
  return { ok: true, loaded: loadedIn(r.stderr.slice(0, at)), builtins: JSON.parse(r.stderr.slice(at + MARK.length).split('\n')[0] as string) as string[], all: loadedIn(r.stderr) };
}

t.test('a plain run loads neither yargs nor anything the child does not need before starting it', async (t) => {
  const { ok, loaded, builtins } = loadedBeforeTheChild(t, {});
  if (!ok) return;
  t.ok(loaded.some((u) => u.endsWith('/dist/run/spawn.js')), 'the loader log is read (spawn.js is loaded before the spawn)');
  const early = loaded.filter((u) => CONFIG_READERS.test(u) || NOT_BEFORE_THE_CHILD.some((re) => re.test(u)));
  t.same(early, [], 'nothing the child does not need loads before it starts');
  t.same(builtins.filter((b) => BUILTINS_NOT_BEFORE_THE_CHILD.includes(b)), [], 'neither crypto nor perf_hooks');
  t.comment(`${loaded.filter((u) => u.includes('/dist/')).length} modules of flakescope load before the child starts`);
});

t.test('a json run loads no other format\'s renderer, no reproducer, GitHub renderer, glob matcher or pidusage, during or after its child', async (t) => {
  const { ok, all } = loadedBeforeTheChild(t, {});
  if (!ok) return;
  t.ok(all.some((u) => u.endsWith('/dist/report/json.js')), 'the loader log covers the whole run (json.js is loaded)');
  t.same(all.filter((u) => NEVER_FOR_A_JSON_RUN.some((re) => re.test(u))), [], 'nothing it does not use');
});

t.test('with a project config, the config is checked before the child starts without loading ajv', async (t) => {
  const { ok, loaded } = loadedBeforeTheChild(t, { 'flakescope.config.json': '{"runs": 1}', 'pyproject.toml': '[tool.flakescope]\nfail-on = "error"\n' });
  if (!ok) return;
  t.ok(loaded.some((u) => u.endsWith('/dist/run/config-validator.cjs')), 'the precompiled validator');
  t.ok(loaded.some((u) => /node_modules\/smol-toml\//.test(u)), 'pyproject.toml is read (smol-toml)');
  t.same(loaded.filter((u) => AJV_COMPILER.test(u) || NOT_BEFORE_THE_CHILD.some((re) => re.test(u))), [], 'no ajv compiler, nothing else the child does not need');
});
