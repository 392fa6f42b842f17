// The trace format written by python-shim/ and read by src/trace/read.ts.
// One JSON object per line, one file per process: <trace-dir>/<run-index>/<pid>.jsonl.
// This file is the contract between the shim and Node: change both sides together,
// and bump TRACE_VERSION when a field changes meaning (adding fields or kinds does not).

/** 2: the shim folds repeated sleeps and matched patch pairs (sleep-fold, patch-fold). Version 1
 *  traces (every event one by one) are still read. */
export const TRACE_VERSION = 2;

/** Where something happened in the user's code: the first frame outside flakescope,
 *  unittest.mock, fixtures, pytest/pluggy and the stdlib. `file` is relative to the
 *  run's cwd when inside it, absolute otherwise. */
export interface Site {
  file: string;
  line: number;
  function?: string;
}

/** Who owns a patch or fixture: the scope whose end must have undone it.
 *  - test: ends at the test-end of `id` (a test id)
 *  - class / module: ends at the scope-end with the same scope and id
 *  - fixture: ends at the fixture-cleanup of fixture id `id` (pytest fixtures wider than function)
 *  - session: lives for the whole process, never a leak */
export type OwnerScope = 'test' | 'class' | 'module' | 'fixture' | 'session';
export interface Owner {
  scope: OwnerScope;
  id: string;
}

export type Outcome = 'passed' | 'failed' | 'error' | 'skipped';

interface Base {
  ev: string;
  /** Monotonic clock in nanoseconds (CLOCK_MONOTONIC, shared by all processes of a run). */
  t: number;
  /** Thread ident of the emitting thread, when known. */
  tid?: number;
  /** The test running in this thread (or the one that started this thread/task) when the event happened. */
  test?: string | null;
}

export interface HeaderEvent {
  ev: 'header';
  v: number;
  pid: number;
  ppid: number;
  python: string;
  executable: string;
  argv: string[];
  cwd: string;
  run: number;
  /** Monotonic ns at shim start. */
  t0: number;
  /** Wall clock (epoch seconds) at shim start, for display only. */
  wall: number;
  /** Path of the sitecustomize the shim chained, or null when there was none. */
  chained: string | null;
  shimVersion: string;
  /** Perturbation settings the shim applied in this process (parsed FLAKESCOPE_* vars; absent when none). */
  perturbation?: Perturbation;
}

/** The parsed FLAKESCOPE_* perturbation variables (built by src/run/env.ts); only the ones set appear.
 *  `seed` is also filled in (randomly) when jitter is on without FLAKESCOPE_SEED, so a run can be replayed. */
export interface Perturbation {
  sleepScale?: number;
  /** "<site.file>:<site.line>" -> scale, overriding sleepScale at that site. */
  sleepSites?: Record<string, number>;
  /** Path (or path-segment suffix) of the only files whose sleeps sleepScale applies to; others run at 1x. */
  sleepScope?: string;
  /** Test id -> one "<file>:<line>" -> scale map per execution (the k-th execution of the test in a
   *  process takes the k-th, cycling); an empty map is a plain execution. Tests not named run at 1x.
   *  Each execution's own map is echoed on its test-start. */
  sleepPlan?: Record<string, Array<Record<string, number>>>;
  jitterMs?: number;
  seed?: number;
  switchInterval?: number;
  /** default | reverse | shuffle:<seed> */
  order?: string;
  /** Per-test hang limit in seconds. */
  timeout?: number;
}

export interface TestStartEvent extends Base {
  ev: 'test-start';
  test: string;
  runner: 'unittest' | 'pytest';
  site?: Site;
  /** The sleep sites this execution scaled under its test's sleepPlan entry (absent: none). */
  perturbation?: Perturbation;
}

export interface TestEndEvent extends Base {
  ev: 'test-end';
  test: string;
  outcome: Outcome;
  /** Seconds. */
  duration: number;
  /** First line(s) of the failure, redacted and truncated. */
  message?: string;
}

/** Class and module scopes (setUpClass/tearDownClass, setUpModule/tearDownModule, pytest class/module). */
export interface ScopeStartEvent extends Base {
  ev: 'scope-start';
  scope: 'class' | 'module';
  id: string;
}
export interface ScopeEndEvent extends Base {
  ev: 'scope-end';
  scope: 'class' | 'module';
  id: string;
}

export interface SleepEvent extends Base {
  ev: 'sleep';
  /** time.sleep | asyncio.sleep | eventlet.sleep | eventlet.greenthread.sleep | gevent.sleep */
  api: string;
  /** Seconds the code asked for. */
  requested: number;
  /** Seconds actually slept (after any sleep-scale perturbation). */
  actual: number;
  site: Site;
  /** The sleep-scale factor applied to this call (FLAKESCOPE_SLEEP_SCALE or its FLAKESCOPE_SLEEP_SITES entry);
   *  absent when the duration was not scaled. Jitter, when on, adds to `actual` only. */
  scale?: number;
}

/** Version 2: further calls of one sleep site in one test execution, after its first raw `sleep`
 *  events (per test, api, thread and scale), written at the next flush or boundary. None of them
 *  crossed a boundary (those are raw). */
export interface SleepFoldEvent extends Base {
  ev: 'sleep-fold';
  api: string;
  site: Site;
  scale?: number;
  calls: number;
  /** Seconds slept in all (sum), the shortest and the longest call. */
  actual: number;
  min: number;
  max: number;
  /** Seconds asked for in all. */
  requested: number;
  /** Monotonic ns when the first folded call began; `t` is when the last one ended. */
  first: number;
}

export type PatchVia =
  | 'mock.patch'
  | 'mock.patch.object'
  | 'mock.patch.dict'
  | 'mock.patch.multiple'
  | 'fixtures.MockPatch'
  | 'fixtures.MockPatchObject'
  | 'fixtures.MonkeyPatch'
  | 'monkeypatch'
  | 'mocker';

export interface PatchStartEvent extends Base {
  ev: 'patch-start';
  /** Unique within the process, e.g. "p7". */
  id: string;
  /** Dotted name of what was replaced: "pkg.mod.Class.attr", "os.environ" for patch.dict(os.environ). */
  target: string;
  via: PatchVia | string;
  /** How it is undone, when known at start: decorator, context manager, or explicit start(). */
  how: 'decorator' | 'context' | 'start' | 'fixture' | 'monkeypatch';
  owner: Owner;
  site: Site;
  /** Keys touched, for patch.dict / monkeypatch.setenv / patch.multiple. */
  keys?: string[];
}

export interface PatchStopEvent extends Base {
  ev: 'patch-stop';
  id: string;
  /** stop | stopall | exit (context manager or decorator) | cleanup (addCleanup/useFixture) | undo (monkeypatch) */
  how: string;
  site?: Site;
}

/** Version 2: patch-start/patch-stop pairs of one form in one test execution, each undone in the same
 *  epoch with nothing else kept in between, after the form's first raw pairs. `calls`: the mock-call
 *  events their mocks would have written. */
export interface PatchFoldEvent extends Base {
  ev: 'patch-fold';
  target: string;
  via: PatchVia | string;
  how: PatchStartEvent['how'];
  owner: Owner;
  site: Site;
  keys?: string[];
  stopHow: string;
  stopSite?: Site;
  count: number;
  calls: number;
  /** Monotonic ns of the first folded start; `t` is the last folded stop. */
  first: number;
}

/** A mock installed by a still-active patch was called. Emitted once per (patch id, test). */
export interface MockCallEvent extends Base {
  ev: 'mock-call';
  id: string;
  site?: Site;
}

export type FixtureKind = 'fixtures' | 'pytest' | 'setUp' | 'tearDown' | 'setUpClass' | 'tearDownClass' | 'cleanup';

export interface FixtureSetupEvent extends Base {
  ev: 'fixture-setup';
  id: string;
  /** Class name for fixtures.Fixture, fixture name for pytest, method name for TestCase hooks. */
  fixture: string;
  kind: FixtureKind;
  scope: 'test' | 'class' | 'module' | 'session' | 'package';
  owner: Owner;
  site: Site;
}

export interface FixtureCleanupEvent extends Base {
  ev: 'fixture-cleanup';
  id: string;
  /** Set when the cleanup or finalizer raised: type and message, redacted. */
  error?: string;
}

/** One thread's (or greenthread's) stack at a hang, innermost frame first, flakescope's own frames left out. */
export interface HangStack {
  /** OS thread ident; null for a greenthread. */
  tid: number | null;
  name: string;
  /** True for a suspended greenlet (eventlet/gevent greenthread). */
  greenlet?: boolean;
  frames: Site[];
}

/** The running test exceeded FLAKESCOPE_TIMEOUT. The shim then raises in the test's thread, so the
 *  test-end that follows (outcome error/failed) counts as `hang`; with no test-end the process was killed. */
export interface HangEvent extends Base {
  ev: 'hang';
  test: string | null;
  /** Seconds. */
  timeout: number;
  /** Innermost user frame of the blocked test thread (or greenthread): the blocking line. */
  site: Site;
  stacks: HangStack[];
}

/** What a snapshot probe saw appear: threads, greenthreads, fds, child processes, env values, process state. */
export type ResourceKind = 'thread' | 'greenthread' | 'fd' | 'child' | 'env' | 'state';

/** Something alive at this boundary that was not at the previous one. Emitted just before its `snapshot`. */
export interface ResourceOpenEvent extends Base {
  ev: 'resource-open';
  kind: ResourceKind | string;
  /** Identity within the process; env/state keys include the value, so a change is a close plus an open. */
  key: string;
  /** What it is, for people: thread name, file path, "tcp socket a -> b", command line, "os.environ[X]", "cwd". */
  target: string;
  /** The test that created it (carried into threads and tasks), or null between tests. */
  test: string | null;
  /** The scope that should have released it. */
  owner: Owner;
  /** Creation site: the innermost frame of the suite's own code (test modules, their helpers, the
   *  package under test) on the creating stack, when the shim saw the creation (Thread.start, audit hook). */
  site?: Site;
  /** The library frame that actually created it, inside `site` (or with no suite frame at all):
   *  oslo_db setting a logger's level when nova's fixture made an engine. Absent: the suite did it. */
  createdBy?: Site & { module?: string };
  /** A library module global that keeps it for the process (a singleton made on first use):
   *  "eventlet.tpool._threads[0]". Looked for only when a library created it. */
  heldBy?: string;
  /** Monotonic ns of the creation, when seen. */
  created?: number;
  daemon?: boolean;
  pid?: number;
  fd?: number;
  /** Threads and children reported alive at their owner's end (after a few yields to let what was told
   *  to stop end): judged at the next boundary, so excused only if they ended by themselves before the
   *  next test, scope or teardown started; at exit the shim waits this many ms for them first.
   *  Absent: judged at the first snapshot after the owner's end. */
  graceMs?: number;
  /** env/state: the value before and after, redacted (env values as short hashes). */
  before?: string;
  after?: string;
}

/** Something seen at an earlier boundary and gone at this one. */
export interface ResourceCloseEvent extends Base {
  ev: 'resource-close';
  kind: ResourceKind | string;
  key: string;
}

/** A boundary's snapshot was taken: opens and closes before it belong to it.
 *  at: start | end | scope-start | scope-teardown (just before tearDownClass/tearDownModule, taken only
 *  while a thread or child reported at the last end awaits judgement) | scope-end | exit. */
export interface SnapshotEvent extends Base {
  ev: 'snapshot';
  at: string;
  /** The test or scope id of the boundary (null at exit). */
  id: string | null;
  threads?: number;
  fds?: number;
  /** Env and state the suite's code set since the last boundary to the value it already had: the
   *  same logger level every test's fixture sets. Keyed as resource-open targets ("os.environ[X]", "logging:root"). */
  reapplied?: Array<{ target: string; site: Site }>;
}

export interface InternalErrorEvent extends Base {
  ev: 'internal-error';
  where: string;
  error: string;
}

export type TraceEvent =
  | TestStartEvent
  | TestEndEvent
  | ScopeStartEvent
  | ScopeEndEvent
  | SleepEvent
  | SleepFoldEvent
  | PatchStartEvent
  | PatchStopEvent
  | PatchFoldEvent
  | MockCallEvent
  | FixtureSetupEvent
  | FixtureCleanupEvent
  | HangEvent
  | ResourceOpenEvent
  | ResourceCloseEvent
  | SnapshotEvent
  | InternalErrorEvent;

export type EventKind = TraceEvent['ev'];
