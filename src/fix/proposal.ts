// What a fixer returns for one finding: the edits (splices into the suite's files) and one line
// saying what they do, or the reason there is no mechanical fix.
import type { Finding } from '../check/finding.js';
import type { IndexedRun } from '../trace/run-index.js';
import type { Edit } from './edit.js';
import type { SourceFile } from './source.js';
import type { StmtRef } from './py-tree.js';

export interface Proposal {
  edits: Edit[];
  /** What the edit does, for people: "self.addCleanup(patcher.stop) after the start() in test_x". */
  summary: string;
}

export type NoFix = { reason: string };
export type Proposed = Proposal | NoFix;

export const isNoFix = (p: Proposed | { reason: string } | object): p is NoFix => 'reason' in p && !('edits' in p);

/** The suite's sources as the fixers see them: parsed on demand by the suite's interpreter. */
export interface Sources {
  /** The file at a site's path (relative to the run's cwd, or absolute), parsed; or why it cannot be. */
  get(file: string): Promise<SourceFile | NoFix>;
}

export interface FixContext {
  sources: Sources;
  /** unittest (TestCase classes everywhere) or pytest (plain functions and classes too). */
  runner: 'unittest' | 'pytest';
  /** Whether pytest-mock's `mocker` fixture is importable by the suite's interpreter. */
  hasPytestMock: boolean;
  /** Every finding of the run, for fixes that lean on another (an order victim's polluter). */
  findings: Finding[];
  runs: IndexedRun[];
  /** The proposal for another finding (an order victim's polluter's own leak). */
  proposeOther?: (f: Finding) => Promise<Proposed>;
  /** Trial runs in the scratch copy, for fixes found by running tests (order dependence). */
  probe?: Prober;
}

export interface Prober {
  /** Runs `tests` in that order, plain and narrowed, with `edits` in the scratch copy: did `victim` run and pass? */
  passes(tests: string[], edits: readonly Edit[], victim: string): Promise<boolean>;
  /** The same run's trace (null when nothing was traced); a runner that cannot be narrowed runs whole. */
  trial(tests: string[], edits: readonly Edit[]): Promise<IndexedRun | null>;
}

export interface Located {
  src: SourceFile;
  at: StmtRef;
}
