// `flakescope fix` from findings to records: for each finding, a proposal (catalogue in propose.ts),
// a compile check of the edited files, the patch, and verification in a scratch copy of the project.
// The session owns the scratch copy and the trial runner for its whole life (order fixes also run
// trials while proposing), and checks a set of fixes together before they are applied.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Finding } from '../check/finding.js';
import { reproCommand } from '../repro/command.js';
import { MIN_REPLAY_LIMIT_MS, REPLAY_SLOWDOWN } from '../repro/index.js';
import type { RunManifest } from '../run/manifest.js';
import { detectRunner } from '../run/select.js';
import type { IndexedRun } from '../trace/run-index.js';
import { attemptsOf, isFailure } from '../trace/outcomes.js';
import { changedOutcomes, passedBefore, type OutcomeChange } from './baseline.js';
import { byFile, conflict, dedupe, type Edit } from './edit.js';
import { editedTexts, exposureOf } from './exposure.js';
import { patchPath } from './patch-path.js';
import type { FixContext, Prober, Proposed } from './proposal.js';
import { propose } from './propose.js';
import { PythonAst } from './python-ast.js';
import type { FixEdit, FixRecord } from './record.js';
import { Scratch } from './scratch.js';
import { SuiteSources } from './sources.js';
import { TrialRunner } from './trial.js';
import { unifiedDiff } from './unified-diff.js';
import { verify } from './verify.js';

export interface SessionOptions {
  outDir: string;
  manifest: RunManifest;
  runs: IndexedRun[];
  /** The run's findings, reproducers attached. */
  findings: Finding[];
  /** Replays per verification (--runs). */
  replays: number;
  shimDir: string;
  progress: (line: string) => void;
}

/** A finding's record and, for a proposal, its edits (what --apply writes). */
export interface FixOutcome {
  record: FixRecord;
  edits: Edit[];
}

function interpreterOf(runs: IndexedRun[]): string {
  for (const r of runs) for (const p of r.processes) if (p.header.executable) return p.header.executable;
  return 'python3';
}

function runnerOf(runs: IndexedRun[], command: string[]): 'unittest' | 'pytest' {
  for (const r of runs) for (const e of r.events) if (e.ev === 'test-start') return e.runner;
  return detectRunner(command) === 'pytest' ? 'pytest' : 'unittest';
}

export class FixSession {
  private readonly sources: SuiteSources;
  private readonly ast: PythonAst;
  private scratch: Scratch | null = null;
  private trials: TrialRunner | null = null;
  private workDir = '';
  private readonly passed: Set<string>;
  private ctx: FixContext | null = null;
  private readonly proposals = new Map<string, Promise<Proposed>>();

  constructor(private readonly opts: SessionOptions) {
    this.ast = new PythonAst(interpreterOf(opts.runs));
    this.sources = new SuiteSources(this.ast, opts.manifest.cwd);
    this.passed = passedBefore(opts.runs);
  }

  private get wholeLimitMs(): number {
    const slowest = Math.max(0, ...this.opts.manifest.runs.filter((r) => r.selected === undefined).map((r) => r.durationMs));
    return Math.max(MIN_REPLAY_LIMIT_MS, REPLAY_SLOWDOWN * slowest);
  }

  /** Parses the findings' files and asks the interpreter what it has; the scratch copy is made on first use. */
  async open(): Promise<void> {
    const { manifest, runs, findings } = this.opts;
    await this.sources.preload(findings.flatMap((f) => (f.site ? [f.site.file] : [])));
    const runner = runnerOf(runs, manifest.command);
    const hasPytestMock = runner === 'pytest' ? (await this.ast.hasModules(['pytest_mock'])).pytest_mock === true : false;
    this.ctx = { sources: this.sources, runner, hasPytestMock, findings, runs, probe: this.prober(), proposeOther: (f) => this.proposal(f) };
  }

  /** The scratch copy and its trial runner, made when the first trial needs them. */
  private async trialsReady(): Promise<{ scratch: Scratch; trials: TrialRunner }> {
    if (!this.scratch || !this.trials) {
      const { manifest } = this.opts;
      this.opts.progress(`copying ${manifest.cwd} into a scratch folder for verification`);
      this.scratch = await Scratch.create(manifest.cwd, [this.opts.outDir]);
      this.workDir = await mkdtemp(path.join(tmpdir(), 'flakescope-fix-work-'));
      const timeout = manifest.runs.map((r) => r.perturbation.timeout).find((t): t is number => typeof t === 'number');
      this.trials = new TrialRunner(this.scratch, this.opts.shimDir, this.workDir, timeout);
    }
    return { scratch: this.scratch, trials: this.trials };
  }

  async close(): Promise<void> {
    await this.scratch?.dispose();
    if (this.workDir) await rm(this.workDir, { recursive: true, force: true });
  }

  private prober(): Prober {
    const trial = async (tests: string[], edits: readonly Edit[]): Promise<IndexedRun | null> => {
      const { scratch, trials } = await this.trialsReady();
      const listFile = path.join(this.workDir, 'probe.list');
      const built = reproCommand({ command: this.opts.manifest.command, cwd: this.opts.manifest.cwd, shimDir: this.opts.shimDir, listFile }, { tests, perturbation: {} });
      // A runner flakescope cannot narrow runs whole: slower, but the answer is the same.
      const limitMs = built.narrowed ? MIN_REPLAY_LIMIT_MS : this.wholeLimitMs;
      const run = await scratch.withEdits(edits, () => trials.run({ argv: built.argv, limitMs, ...(built.listText !== undefined ? { listText: built.listText, listFile } : {}) }));
      return run.run;
    };
    return {
      trial,
      passes: async (tests, edits, victim) => {
        const run = await trial(tests, edits);
        const mine = run ? attemptsOf(run).filter((a) => a.test === victim) : [];
        return mine.length > 0 && !mine.some((a) => isFailure(a.outcome));
      },
    };
  }

  private context(): FixContext {
    if (!this.ctx) throw new Error('FixSession used before open()');
    return this.ctx;
  }

  /** One proposal per finding, however often it is asked for (an order fix asks for its polluter's). */
  private proposal(f: Finding): Promise<Proposed> {
    let p = this.proposals.get(f.id);
    if (!p) {
      p = propose(f, this.context());
      this.proposals.set(f.id, p);
    }
    return p;
  }

  private async texts(edits: readonly Edit[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const file of byFile(edits).keys()) {
      const src = await this.sources.get(file);
      if (!('reason' in src)) out.set(file, src.text);
    }
    return out;
  }

  private async fixEdits(edits: readonly Edit[]): Promise<FixEdit[]> {
    const out: FixEdit[] = [];
    for (const e of edits) {
      const src = await this.sources.get(e.file);
      if ('reason' in src) continue;
      const a = src.position(e.start);
      const b = src.position(e.end);
      out.push({ file: patchPath(e.file, this.opts.manifest.cwd), startLine: a.line, startColumn: a.col + 1, endLine: b.line, endColumn: b.col + 1, text: e.text });
    }
    return out;
  }

  async fix(f: Finding): Promise<FixOutcome> {
    const noFix = (reason: string): FixOutcome => ({ record: { finding: f.id, kind: f.kind, status: 'no-fix', reason, patch: null, files: [], verification: null }, edits: [] });
    const proposed = await this.proposal(f);
    if ('reason' in proposed) return noFix(proposed.reason);
    const edits = dedupe(proposed.edits);
    const clash = conflict(edits);
    if (clash) return noFix(`the fix's edits overlap in ${this.sources.display(clash[0].file)}`);
    const texts = await this.texts(edits);
    const edited = editedTexts(texts, edits);
    const errors = await this.ast.compile(Object.fromEntries(edited));
    const files = [...edited.keys()].map((file) => patchPath(file, this.opts.manifest.cwd));
    const patch = [...byFile(edits)].map(([file, list]) => unifiedDiff(patchPath(file, this.opts.manifest.cwd), texts.get(file) ?? '', list)).join('');
    const base = { finding: f.id, kind: f.kind, patch, files, edits: await this.fixEdits(edits) };
    const broken = Object.entries(errors).find(([, e]) => e !== null);
    if (broken) return { record: { ...base, status: 'failed', reason: `the edited ${this.sources.display(broken[0])} does not compile: ${broken[1]}`, verification: null }, edits };
    const { scratch, trials } = await this.trialsReady();
    const exposure = exposureOf(f, { command: this.opts.manifest.command, cwd: this.opts.manifest.cwd, shimDir: this.opts.shimDir, workDir: this.workDir, wholeLimitMs: this.wholeLimitMs, runs: this.opts.runs, texts }, edits);
    if ('reason' in exposure) return { record: { ...base, status: 'failed', reason: `not verified: ${exposure.reason}`, verification: null }, edits };
    const v = await verify(f, edits, exposure, {
      scratch, trials, runs: this.opts.replays, command: this.opts.manifest.command, cwd: this.opts.manifest.cwd, wholeLimitMs: this.wholeLimitMs, passedBefore: this.passed,
      progress: (line) => this.opts.progress(`${f.id}: ${line}`),
    });
    return { record: { ...base, status: v.ok ? 'verified' : 'failed', reason: v.ok ? proposed.summary : `${proposed.summary}; ${v.why}`, verification: v.verification }, edits };
  }

  /** The whole command once with all these edits together: tests that passed before and now fail. */
  async checkTogether(edits: readonly Edit[]): Promise<OutcomeChange[]> {
    const { scratch, trials } = await this.trialsReady();
    const whole = await scratch.withEdits(edits, () => trials.run({ argv: this.opts.manifest.command, limitMs: this.wholeLimitMs }));
    return changedOutcomes(this.passed, whole.run);
  }

  /** The text a file had when its fixes were made, or null when it could not be read. */
  async original(file: string): Promise<string | null> {
    const src = await this.sources.get(file);
    return 'reason' in src ? null : src.text;
  }

  display(file: string): string {
    return this.sources.display(file);
  }
}

