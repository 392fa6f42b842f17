// Shared by run, check and report: traces in an output folder -> redaction -> findings -> report files +
// summary -> exit code.
import { errnoCode, ToolError, UsageError } from '../errors.js';
import { analyse } from '../check/index.js';
import type { Finding } from '../check/finding.js';
import { decideVerdicts, signalsOf } from '../check/verdicts.js';
import { TOOL_VERSION } from '../package-info.js';
import { runMetaOf, type RunManifest } from '../run/manifest.js';
import { shimFailure } from '../run/shim-reported.js';
import { attachReproducers } from '../repro/attach.js';
import { attachFixes, loadFixes } from '../fix/store.js';
import { loadReproducers } from '../repro/store.js';
import { activeQuarantine, expiredWarnings, markQuarantined, quarantineNotes, readQuarantine } from '../history/quarantine.js';
import { attemptsFromRuns } from '../report/attempts.js';
import { buildReport } from '../report/build.js';
import { wantsColor } from '../report/color.js';
import { EXIT_FINDINGS, EXIT_OK, failureReasons, type FailOn } from '../report/exit-code.js';
import { FORMATS, type FormatName, type RenderEvidence } from '../report/formats.js';
import { loadGithubRenderers, publishesToGithub, publishToGithub } from '../report/github.js';
import type { Report, ReportWarning } from '../report/model.js';
import { writeReport } from '../report/write.js';
import { detailedEvents, indexRun, undrawnEvents, type IndexedRun, type RunMeta } from '../trace/run-index.js';
import type { FollowedRuns } from '../trace/follow.js';
import { readTraces, type TraceSet } from '../trace/read.js';
import { knownSecretsFromEnv, makeJsonRedactor } from '../trace/redact.js';
import type { RecordTarget } from './record-history.js';
import type { CommitInfo } from '../history/commit-info.js';

/** Errors that mean the user pointed us at a folder we may not write: their fix, not our bug. */
const PERMISSION_ERRORS = new Set(['EACCES', 'EPERM', 'EROFS']);

/** What run and check produce without --format: the summary and the report.json contract. */
export const DEFAULT_FORMATS: readonly FormatName[] = ['terminal', 'json'];

export interface AnalyseOptions {
  outDir: string;
  manifest: RunManifest;
  failOn: FailOn;
  quiet: boolean;
  /** --verbose: full finding messages in the terminal summary. */
  verbose?: boolean;
  /** Formats to write or print; --quiet drops the terminal one. */
  formats?: readonly FormatName[];
  /** Values redacted wherever they appear (the child's secret env values); default: this process's. */
  knownSecrets?: readonly string[];
  /** Print GitHub annotations / append the step summary (run and check; report only renders). */
  publish?: boolean;
  /** --ignore globs: matching findings are dropped. */
  ignore?: string[];
  /** Problems found before analysis (e.g. an unreadable run.json). */
  warnings?: ReportWarning[];
  /** Told the paths of the files written. */
  onWritten?: (files: string[]) => void;
  /** Traces already read (and redacted with the same known secrets) by the caller, so a large folder is not read twice. */
  traceSet?: TraceSet;
  /** Without traceSet: runs parsed while they ran (`flakescope run`), continued from there. */
  followed?: FollowedRuns | undefined;
  /** traceSet already indexed with this manifest and analysed with these ignores, so it is not done twice. */
  analysed?: Analysed;
  /** Where to record this session's history (run, check, merge); absent: not recorded. */
  history?: RecordTarget | null;
  /** The commit the session ran at, asked for when it started (startCommitInfo); else asked for here. */
  commit?: Promise<CommitInfo>;
  /** `run`: a run that left no trace, or a shim that failed inside, is flakescope's failure (exit 3,
   *  thrown as a ToolError once the report files are written). */
  shimMustReport?: boolean;
}

export interface Analysed {
  traces: IndexedRun[];
  findings: Finding[];
}

async function evidenceFor(formats: readonly FormatName[], traces: IndexedRun[], report: Report, cwd: string, knownSecrets: readonly string[]): Promise<RenderEvidence> {
  const evidence: RenderEvidence = { knownSecrets };
  if (formats.includes('junit')) evidence.attempts = attemptsFromRuns(traces.map((r) => r.events));
  if (formats.includes('html')) {
    // The HTML report's alone: loaded with its renderer (preloadReport), not for every format.
    const [{ buildTimelines }, { readSources }] = await Promise.all([import('../report/timeline.js'), import('../report/sources.js')]);
    evidence.timelines = traces.map((r) => ({ run: r.index, tests: buildTimelines(detailedEvents(r)) }));
    const undrawn = traces.reduce((n, r) => n + undrawnEvents(r), 0);
    if (undrawn > 0) evidence.undrawn = undrawn;
    evidence.sources = await readSources(report.findings, cwd);
  }
  return evidence;
}

const metaFor = (manifest: RunManifest, index: number): RunMeta | undefined => {
  const r = manifest.runs.find((x) => x.index === index);
  return r ? runMetaOf(r) : undefined;
};

/** What analyseAndReport imports as it goes (the renderers of these formats, git, the history store),
 *  imported now: `run` calls this once its child has started, so they compile while the tests run. */
export async function preloadReport(opts: Pick<AnalyseOptions, 'formats' | 'history'>): Promise<void> {
  const target = opts.history?.target;
  const history = target ? [import('./record-history.js'), import('../history/commit-info.js'), import('../history/target.js').then((t) => t.loadStore(target))] : [];
  const formats = opts.formats ?? DEFAULT_FORMATS;
  const html = formats.includes('html') ? [import('../report/timeline.js'), import('../report/sources.js')] : [];
  const github = publishesToGithub(process.env) ? [loadGithubRenderers()] : [];
  await Promise.all([...formats.map((f) => FORMATS[f].load()), ...history, ...html, ...github]);
}

/** The commit a session runs at, from git run in the background (its spawns cost the orchestrator tens of
 *  milliseconds: `run` starts it while the tests run). A failure is the recorder's to report. */
export function startCommitInfo(): Promise<CommitInfo> {
  const commit = import('../history/commit-info.js').then(({ commitInfo }) => commitInfo(process.cwd()));
  commit.catch(() => undefined);
  return commit;
}

export async function analyseAndReport(opts: AnalyseOptions): Promise<number> {
  const commit = opts.history ? opts.commit ?? startCommitInfo() : null;
  const knownSecrets = opts.knownSecrets ?? knownSecretsFromEnv(process.env);
  // Redacted as read, before any analysis or renderer sees them: nothing downstream can leak what it never got.
  const traceSet = opts.traceSet ?? (await readTraces(opts.outDir, { knownSecrets }, opts.followed));
  const traces = opts.analysed?.traces ?? traceSet.runs.map((r) => indexRun(r, metaFor(opts.manifest, r.index)));
  const findings = attachFixes(attachReproducers(opts.analysed?.findings ?? analyse(traces, { ignore: opts.ignore ?? [] }), await loadReproducers(opts.outDir)), await loadFixes(opts.outDir));
  // .flakescope/quarantine.json of the project flakescope runs in: its tests are reported apart and do not count.
  const quarantine = activeQuarantine(await readQuarantine(process.cwd()), Date.now());
  // Sharing what redaction leaves unchanged: a copy of every test, site and finding cost as much as building them.
  const report = markQuarantined(makeJsonRedactor(knownSecrets, { share: true })(buildReport({
    toolVersion: TOOL_VERSION,
    command: opts.manifest.command,
    runs: opts.manifest.runs,
    traces,
    findings,
    verdicts: decideVerdicts(traces, findings, signalsOf(opts.manifest.runs)),
    warnings: [...(opts.warnings ?? []), ...traceSet.warnings, ...expiredWarnings(quarantine)],
  })), quarantine);
  const formats = (opts.formats ?? DEFAULT_FORMATS).filter((f) => !(opts.quiet && f === 'terminal'));
  try {
    const files = await writeReport(report, {
      outDir: opts.outDir,
      formats: [...formats],
      stream: process.stdout,
      color: wantsColor(process.stdout),
      ...(opts.verbose ? { verbose: true } : {}),
      evidence: await evidenceFor(formats, traces, report, opts.manifest.cwd, knownSecrets),
    });
    opts.onWritten?.(files);
  } catch (err) {
    if (PERMISSION_ERRORS.has(errnoCode(err) ?? '')) {
      throw new UsageError(`cannot write the report into ${opts.outDir} (${errnoCode(err)}); choose a writable folder`);
    }
    throw err;
  }
  if (opts.publish === true) {
    await publishToGithub(report, { env: process.env, stdout: process.stdout }).catch((err: unknown) => {
      process.stderr.write(`flakescope: could not append to $GITHUB_STEP_SUMMARY (${errnoCode(err) ?? (err as Error).message}); the report files are written\n`);
    });
  }
  // A session that traced nothing is not history: flakescope failed, not the tests.
  const failure = opts.shimMustReport === true ? shimFailure(opts.manifest.runs, traces, opts.outDir) : null;
  if (failure !== null) {
    if (opts.history) await (await import('./record-history.js')).closeUnrecorded(opts.history);
    throw new ToolError(failure);
  }
  if (opts.history && commit) {
    const { recordSession } = await import('./record-history.js');
    await recordSession(opts.history, { report, manifest: opts.manifest, attempts: attemptsFromRuns(traces.map((r) => r.events)) }, commit);
  }
  const reasons = failureReasons(report, opts.failOn);
  if (formats.includes('terminal')) for (const line of quarantineNotes(report, quarantine)) process.stdout.write(`${line}\n`);
  if (formats.includes('terminal') && reasons.length > 0) process.stdout.write(`exit ${EXIT_FINDINGS}: ${reasons.join('; ')}\n`);
  return reasons.length > 0 ? EXIT_FINDINGS : EXIT_OK;
}
