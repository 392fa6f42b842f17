// flakescope import junit FILE...: existing CI results into the history, one record per file, at the
// commit given (or git's HEAD). Re-importing a file at the same commit replaces its record.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { errnoCode, UsageError } from '../errors.js';
import { commitInfo } from '../history/commit-info.js';
import { git } from '../history/git.js';
import { parseJunit } from '../history/junit-import.js';
import { groupOf } from '../history/record.js';
import type { HistoryRecord } from '../history/model.js';
import { describeTarget, openHistory, type HistoryTarget } from '../history/target.js';

export interface ImportArgs {
  files: string[];
  commit?: string;
  branch?: string;
  history: HistoryTarget;
  quiet: boolean;
}

/** Files recorded per transaction: large enough to make a thousand files one quick write, small enough to report progress. */
const FILES_PER_TRANSACTION = 200;

/** The XML files under each argument (a folder is searched recursively). */
async function expand(args: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const arg of args) {
    const s = await stat(arg).catch((err: unknown) => {
      throw new UsageError(`${arg}: ${errnoCode(err) === 'ENOENT' ? 'no such file' : errnoCode(err) ?? (err as Error).message}; give JUnit XML files or folders`);
    });
    if (!s.isDirectory()) {
      out.push(arg);
      continue;
    }
    for (const e of await readdir(arg, { recursive: true, withFileTypes: true })) {
      if (e.isFile() && e.name.endsWith('.xml')) out.push(path.join(e.parentPath, e.name));
    }
  }
  return out.sort();
}

/** The commit's own time, when git knows it here. */
function commitTimeOf(commit: string, cwd: string): number | null {
  const seconds = git(cwd, ['log', '-1', '--format=%ct', commit, '--']);
  return seconds ? Number(seconds) * 1000 : null;
}

export async function importCommand(args: ImportArgs): Promise<number> {
  if (args.files.length === 0) throw new UsageError('give the JUnit XML files to import: flakescope import junit FILE... [--commit SHA] [--branch NAME]');
  const cwd = process.cwd();
  const files = await expand(args.files);
  if (files.length === 0) throw new UsageError(`no .xml file in ${args.files.join(', ')}`);
  const head = await commitInfo(cwd);
  const commit = args.commit ?? head.commit;
  const branch = args.branch ?? (args.commit === undefined ? head.branch : null);
  const commitTime = commit === null ? null : commit === head.commit ? head.commitTime : commitTimeOf(commit, cwd);
  const known = new Map<string, boolean>();
  const exists = (rel: string): boolean => {
    if (!known.has(rel)) known.set(rel, existsSync(path.join(cwd, rel)));
    return known.get(rel) as boolean;
  };
  const now = Date.now();
  const records: HistoryRecord[] = [];
  let failed = 0;
  for (const file of files) {
    const text = await readFile(file, 'utf8');
    let parsed;
    try {
      parsed = parseJunit(text, exists);
    } catch (err) {
      failed++;
      process.stderr.write(`flakescope: ${file}: ${(err as Error).message}; not imported\n`);
      continue;
    }
    const key = `import:${createHash('sha256').update(text).digest('hex').slice(0, 24)}:${commit ?? ''}`;
    records.push({
      key, source: 'import', commit, branch, commitTime, recordedAt: parsed.timestamp ?? now,
      // CI results belong to their commit as it is, whatever this checkout's working tree holds.
      group: groupOf({ commit, dirty: false }, key),
      machine: hostname(), command: ['import', 'junit', path.resolve(file)], perturbations: [],
      repetitions: 1, traced: false, outcomes: parsed.tests, findings: [],
    });
  }
  const store = await openHistory(args.history);
  let added = 0;
  let replaced = 0;
  try {
    for (let at = 0; at < records.length; at += FILES_PER_TRANSACTION) {
      for (const r of await store.recordAll(records.slice(at, at + FILES_PER_TRANSACTION))) {
        if (r === 'added') added++;
        else replaced++;
      }
      if (!args.quiet && records.length > FILES_PER_TRANSACTION) process.stderr.write(`flakescope: imported ${Math.min(at + FILES_PER_TRANSACTION, records.length)}/${records.length} files\n`);
    }
  } finally {
    await store.close();
  }
  if (!args.quiet) {
    const tests = new Set(records.flatMap((r) => r.outcomes.map((o) => o.test)));
    const flaky = new Set(records.flatMap((r) => r.outcomes.filter((o) => o.passed > 0 && o.failed > 0).map((o) => o.test)));
    const at = commit === null ? 'no commit (not a git repository; give --commit)' : `commit ${commit.slice(0, 12)}`;
    process.stdout.write(`flakescope: imported ${records.length} file(s) (${added} new, ${replaced} replaced): ${tests.size} test(s), ${flaky.size} flaky within a file, at ${at} into ${describeTarget(args.history)}\n`);
  }
  return failed > 0 ? 1 : 0;
}
