// flakescope merge --out DIR DIR...: shard folders -> one folder whose report equals a single-machine run.
// The traces are copied under new run numbers and analysed together, so verdicts, failure rates and
// findings (ids are derived from what was found, so each appears once) are computed over every run.
// Each shard's reproducers.json is carried over (repro/merge.ts keeps one reproducer per finding).
import { chmod, copyFile, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { ToolError, UsageError } from '../errors.js';
import { ensurePrivateDir, PRIVATE_FILE_MODE, writeFileAtomic } from '../fs/atomic.js';
import { TOOL_VERSION } from '../package-info.js';
import { MANIFEST_FILE, parseManifest, type RunManifest } from '../run/manifest.js';
import { planMerge, type ShardInput } from '../run/merge-plan.js';
import { mergeReproducers } from '../repro/merge.js';
import { loadReproducers, saveReproducers, type Reproducers } from '../repro/store.js';
import type { ReportWarning } from '../report/model.js';
import type { FailOn } from '../report/exit-code.js';
import { manifestKey } from '../history/record.js';
import type { HistoryTarget } from '../history/target.js';
import { prepareOutDir } from './out-dir.js';
import { analyseAndReport } from './pipeline.js';

export interface MergeArgs {
  out: string;
  inputs: string[];
  failOn: FailOn;
  quiet: boolean;
  /** Where to record the merged session's history (--history); it replaces the shards' own records. */
  history?: HistoryTarget | null;
}

/** Only plain trace files are copied: a symlink or odd name in an input must not read or write elsewhere. */
const TRACE_FILE = /^[\w.-]+\.jsonl$/;

const isInside = (parent: string, child: string): boolean => {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
};

async function readInput(dir: string): Promise<ShardInput> {
  const text = await readFile(path.join(dir, MANIFEST_FILE), 'utf8').catch(() => null);
  if (text === null) throw new UsageError(`${dir} has no ${MANIFEST_FILE}: give the --out folders of flakescope run (upload the whole folder as the CI artifact)`);
  const manifest = parseManifest(text);
  if (typeof manifest === 'string') throw new UsageError(`${path.join(dir, MANIFEST_FILE)}: ${manifest}`);
  return { name: dir, manifest };
}

async function copyRunTraces(fromDir: string, toDir: string): Promise<void> {
  await ensurePrivateDir(toDir);
  const entries = await readdir(fromDir, { withFileTypes: true }).catch(() => []);
  for (const e of entries) {
    if (!e.isFile() || !TRACE_FILE.test(e.name)) continue;
    const target = path.join(toDir, e.name);
    await copyFile(path.join(fromDir, e.name), target);
    await chmod(target, PRIVATE_FILE_MODE);
  }
}

/** Each shard's reproducers; an unreadable file costs that shard's reproducers (a warning), not the merge. */
async function shardReproducers(dirs: string[], warnings: ReportWarning[]): Promise<Reproducers[]> {
  const sets: Reproducers[] = [];
  for (const dir of dirs) {
    try {
      sets.push(await loadReproducers(dir));
    } catch (err) {
      if (!(err instanceof ToolError)) throw err;
      warnings.push({ where: dir, message: `${err.message}; its reproducers are left out` });
    }
  }
  return sets;
}

export async function mergeCommand(args: MergeArgs): Promise<number> {
  if (args.inputs.length === 0) throw new UsageError('give the shard folders to merge: flakescope merge --out DIR SHARD_DIR...');
  const outDir = path.resolve(args.out);
  const inputDirs = args.inputs.map((d) => path.resolve(d));
  for (const dir of inputDirs) {
    if (isInside(outDir, dir) || isInside(dir, outDir)) {
      throw new UsageError(`--out ${args.out} overlaps the input ${dir}; merge into a separate folder`);
    }
  }
  const inputs = await Promise.all(inputDirs.map(readInput));
  const plan = planMerge(inputs);
  const { tracesDir, removeStale } = await prepareOutDir(outDir);
  await removeStale();
  for (const run of plan.runs) {
    const fromDir = path.join(inputDirs[run.from] as string, 'traces', String(run.fromIndex));
    await copyRunTraces(fromDir, path.join(tracesDir, String(run.record.index)));
  }
  const first = inputs[0]?.manifest as RunManifest;
  const manifest: RunManifest = {
    tool: { name: 'flakescope', version: TOOL_VERSION },
    command: first.command,
    cwd: first.cwd,
    runs: plan.runs.map((r) => r.record),
  };
  await writeFileAtomic(path.join(outDir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  const warnings = [...plan.warnings];
  const reproducers = mergeReproducers(await shardReproducers(inputDirs, warnings));
  if (Object.keys(reproducers).length > 0) await saveReproducers(outDir, reproducers);
  const history = args.history ? { target: args.history, source: 'merge' as const, supersedes: inputs.map((i) => manifestKey(i.manifest)) } : null;
  return analyseAndReport({ outDir, manifest, failOn: args.failOn, quiet: args.quiet, warnings, history });
}
