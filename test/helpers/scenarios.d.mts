// Types for scenarios.mjs (plain JS so scripts/demo.mjs runs without a TypeScript build).
export interface ExpectedFinding {
  kind: string;
  test: string | null;
  site: { file: string; line: number };
  target?: string;
  victims?: string[];
  /** order-dependent: the test named by evidence.polluter. */
  polluter?: string;
  /** Informative only (not compared). */
  perturbation?: string;
  /** Compared when given: error, warning or info. */
  severity?: string;
  /** Compared when given: evidence.occurrences (a pool's threads are one finding). */
  occurrences?: number;
  /** May be absent; when reported it must match. */
  optional?: boolean;
}
export interface ExpectedSleep {
  site: { file: string; line: number };
  outcomeDependsOnIt: boolean | null;
  /** Compared when given: synchronisation | poll-interval | cosmetic. */
  role?: string;
}
export interface PlainExpect {
  /** Plain runs to make; each must give `tests`. */
  runs?: number;
  /** Per test: the outcome, or the outcomes accepted (a test whose plain outcome is chance). */
  tests?: Record<string, string | string[]>;
  /** Why the scenario has no plain check (e.g. it may block forever without flakescope's timeout). */
  skip?: string;
}
export interface Expect {
  description: string;
  python: string;
  requires?: string[];
  command: string[];
  /** A verbose command listing the same tests, for runners whose own output does not (testtools.run). */
  plainCommand?: string[];
  exitCode: number;
  tests: Record<string, string>;
  findings: ExpectedFinding[];
  flakescopeArgs?: string[];
  sleeps?: ExpectedSleep[];
  passesInEveryRun?: string[];
  noProcessLeft?: boolean;
  plain?: PlainExpect;
}
export interface Scenario {
  name: string;
  dir: string;
  expect: Expect;
}
export interface ReportLike {
  runs?: unknown[];
  tests?: { id: string; verdict: string; outcomes?: { passed: number; failed: number; error: number; hang: number; crashed: number } }[];
  sleeps?: { site: { file: string; line: number }; outcomeDependsOnIt: boolean | null }[];
  findings?: { kind: string; test: string | null; site: { file: string; line: number } | null; target?: string; severity?: string; evidence?: Record<string, unknown> }[];
}
export const repoRoot: string;
export const scenariosRoot: string;
export const cliPath: string;
export const venvPython: string;
export const RUN_TIMEOUT_MS: number;
export function loadScenarios(): Scenario[];
export function pythonFor(expect: Pick<Expect, 'python'>): string;
export function commandFor(expect: Pick<Expect, 'python' | 'command'>): string[];
export function missingRequirement(expect: Pick<Expect, 'python' | 'requires'>): string | null;
export function compareFindings(
  report: ReportLike,
  expect: Expect,
): { missing: string[]; unexpected: string[]; wrong: string[]; found: number; expected: number };
export function flagsFor(expect: Expect): string[];
export function compareSleeps(report: ReportLike, expect: Expect): string[];
export function comparePassesInEveryRun(report: ReportLike, expect: Expect): string[];
export function compareTests(report: ReportLike, expect: Expect): { wrong: string[]; extra: string[] };
export function runPlain(command: string[], cwd: string): { exitCode: number | null; output: string };
export function runFlakescope(
  command: string[],
  options: { cwd: string; out: string; flags?: string[] },
): { exitCode: number | null; signal: string | null; stdout: string; stderr: string; report: unknown };
