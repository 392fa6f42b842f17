// flakescope fix DIR [--apply] [--kinds LIST] [--runs N]: a verified patch for each finding of a
// fixable kind in the folder of an earlier `flakescope run`, written to DIR/fixes/ and DIR/fixes.json;
// --apply writes the verified ones into the project. Exit 0 when no proposal failed verification.
import { access, readFile } from 'node:fs/promises';
import { constants } from 'node:os';
import path from 'node:path';
import { analyse } from '../check/index.js';
import type { Finding, FindingKind } from '../check/finding.js';
import { UsageError } from '../errors.js';
import { applyFixes } from '../fix/apply.js';
import { FIXABLE_KINDS } from '../fix/propose.js';
import { FIXES_DIR, FIXES_FILE, verificationLine, type FixRecord } from '../fix/record.js';
import { FixSession, type FixOutcome } from '../fix/session.js';
import { patchFileName, saveFixes } from '../fix/store.js';
import { SHIM_DIR } from '../package-info.js';
import { attachReproducers } from '../repro/attach.js';
import { Interrupted } from '../repro/index.js';
import { loadReproducers } from '../repro/store.js';
import { EXIT_FINDINGS, EXIT_OK } from '../report/exit-code.js';
import type { FormatName } from '../report/formats.js';
import { KIND_ORDER } from '../report/kinds.js';
import { runMetaOf } from '../run/manifest.js';
import { indexRun } from '../trace/run-index.js';
import { analyseAndReport } from './pipeline.js';
import { loadSavedRun } from './saved-run.js';

export interface FixArgs {
  dir: string;
  apply: boolean;
  /** --kinds, comma-separated or repeated; default: every kind. */
  kinds?: string[];
  /** --runs: replays per verification. */
  runs?: number;
  quiet?: boolean;
}

/** Replays of the exposing command per proposal, every one of which must be free of the finding: 20
 *  clean replays bound a remaining failure rate under ~14% at 95% confidence. */
export const DEFAULT_FIX_RUNS = 20;
/** Report files `fix` rewrites when an earlier run or report wrote them, so they show the fixes. */
const RERENDERED: ReadonlyArray<[FormatName, string]> = [['json', 'report.json'], ['html', 'report.html'], ['md', 'report.md'], ['sarif', 'report.sarif']];

function parseKinds(list: string[] | undefined): Set<FindingKind> | null {
  if (list === undefined || list.length === 0) return null;
  const kinds = list.flatMap((k) => k.split(',')).map((k) => k.trim()).filter((k) => k !== '');
  const unknown = kinds.filter((k) => !(KIND_ORDER as readonly string[]).includes(k));
  if (unknown.length > 0) throw new UsageError(`--kinds ${unknown.join(',')}: not a finding kind; fixable kinds are ${FIXABLE_KINDS.join(', ')}`);
  return new Set(kinds as FindingKind[]);
}

/** The findings of report.json when it is there (it reflects the run's --ignore), else all re-derived ones. */
async function reportedIds(outDir: string): Promise<Set<string> | null> {
  try {
    const report = JSON.parse(await readFile(path.join(outDir, 'report.json'), 'utf8')) as { findings?: Array<{ id?: unknown }> };
    return new Set((report.findings ?? []).map((f) => String(f.id)));
  } catch {
    return null;
  }
}

function summaryLines(outcomes: FixOutcome[], findings: Finding[], outDir: string): string[] {
  const lines: string[] = [];
  for (const { record } of outcomes) {
    const f = findings.find((x) => x.id === record.finding);
    const where = f?.site ? `${f.site.file}:${f.site.line}` : '';
    lines.push(`${record.status.padEnd(8)} ${record.kind} ${where} ${f?.test ?? ''}`.trimEnd());
    lines.push(`         ${record.reason}`);
    if (record.verification) lines.push(`         ${verificationLine(record)}`);
    if (record.patch) lines.push(`         patch: ${path.join(outDir, FIXES_DIR, patchFileName(record.finding))}`);
  }
  const count = (s: FixRecord['status']): number => outcomes.filter((o) => o.record.status === s).length;
  lines.push(`flakescope fix: ${outcomes.length} finding(s): ${count('verified')} verified, ${count('failed')} failed, ${count('no-fix')} without a fix (${path.join(outDir, FIXES_FILE)})`);
  return lines;
}

export async function fixCommand(args: FixArgs): Promise<number> {
  const runs = args.runs ?? DEFAULT_FIX_RUNS;
  if (!Number.isInteger(runs) || runs < 1) throw new UsageError(`--runs ${args.runs}: give a whole number >= 1`);
  const kinds = parseKinds(args.kinds);
  const saved = await loadSavedRun(args.dir, 'fix');
  if (saved.manifest.command.length === 0) throw new UsageError(`${args.dir} has no usable run.json, so the command to verify fixes with is unknown; run flakescope run --out ${args.dir} again`);
  const traces = saved.traceSet.runs.map((r) => {
    const rec = saved.manifest.runs.find((x) => x.index === r.index);
    return indexRun(r, rec ? runMetaOf(rec) : undefined);
  });
  const reported = await reportedIds(saved.outDir);
  // The reported findings only: report.json reflects the run's --ignore, which is not stored anywhere else.
  const all = analyse(traces).filter((f) => reported === null || reported.has(f.id));
  const findings = attachReproducers(all, await loadReproducers(saved.outDir)).filter((f) => kinds === null || kinds.has(f.kind));
  const say = args.quiet === true ? (): void => undefined : (line: string): void => { process.stderr.write(`flakescope: ${line}\n`); };
  const session = new FixSession({ outDir: saved.outDir, manifest: saved.manifest, runs: traces, findings, replays: runs, shimDir: SHIM_DIR, progress: say });
  const outcomes: FixOutcome[] = [];
  let exit = EXIT_OK;
  try {
    await session.open();
    for (const [i, f] of findings.entries()) {
      say(`fix ${i + 1}/${findings.length}: ${f.kind} ${f.test ?? ''}`);
      outcomes.push(await session.fix(f));
    }
    await saveFixes(saved.outDir, outcomes.map((o) => o.record));
    process.stdout.write(`${summaryLines(outcomes, findings, saved.outDir).join('\n')}\n`);
    if (outcomes.some((o) => o.record.status === 'failed')) exit = EXIT_FINDINGS;
    if (args.apply) {
      const applied = await applyFixes(outcomes, session, saved.outDir, saved.manifest.cwd);
      for (const s of applied.skipped) process.stdout.write(`not applied: ${s.finding}: ${s.reason}\n`);
      if (applied.together) {
        process.stdout.write(`not applied: ${applied.together}\n`);
        exit = EXIT_FINDINGS;
      } else if (applied.applied.length === 0) {
        process.stdout.write('applied nothing: no verified fix\n');
      } else {
        process.stdout.write(`applied ${applied.applied.length} verified fix(es) to ${applied.files.length} file(s), as one change (${path.join(saved.outDir, FIXES_DIR, 'applied.patch')}):\n`);
        for (const file of applied.files) process.stdout.write(`  ${file.file} (+${file.added} -${file.removed})\n`);
        process.stdout.write('review with git diff, then commit\n');
      }
    }
  } catch (err) {
    if (err instanceof Interrupted) {
      process.stderr.write(`flakescope: interrupted by ${err.signal}; nothing was written\n`);
      return 128 + (constants.signals[err.signal] ?? 0);
    }
    throw err;
  } finally {
    await session.close();
  }
  const formats: FormatName[] = [];
  for (const [name, file] of RERENDERED) if (await access(path.join(saved.outDir, file)).then(() => true, () => false)) formats.push(name);
  if (formats.length > 0) {
    await analyseAndReport({ outDir: saved.outDir, manifest: saved.manifest, failOn: 'never', quiet: true, formats, traceSet: saved.traceSet, warnings: saved.warnings, analysed: { traces, findings: all } });
  }
  return exit;
}
