// leaked-thread, leaked-fd, leaked-child: a thread, greenthread, file descriptor or child process
// still alive at the snapshot where src/trace/resources.ts judges it: the first after the scope that
// created it ended, or for threads and children reported alive then, the next boundary (they get
// until the next test or teardown starts to end by themselves). Runner-owned resources never reach
// the trace (shim ignore.py).
import type { Finding, FindingKind } from './finding.js';
import type { CheckOptions } from './options.js';
import type { IndexedRun } from '../trace/run-index.js';
import { creationText, laterTestsText, leakFindings, type LeakRule } from './leak-findings.js';

const FINDING_OF: Record<string, FindingKind> = {
  thread: 'leaked-thread',
  greenthread: 'leaked-thread',
  fd: 'leaked-fd',
  child: 'leaked-child',
};

const NOUN: Record<string, string> = {
  thread: 'thread',
  greenthread: 'greenthread',
  fd: 'file descriptor',
  child: 'child process',
};

const SHORT_NOUN: Record<string, string> = { ...NOUN, fd: 'fd', child: 'child' };

const VERB: Record<string, string> = {
  thread: 'started',
  greenthread: 'spawned',
  fd: 'opened',
  child: 'spawned',
};

const stateOf = (kind: string): string => (kind === 'child' ? 'still running or never waited for' : kind === 'fd' ? 'still open' : 'still running');

const rule: LeakRule = {
  findingKind: (kind) => FINDING_OF[kind] ?? null,
  summarise(life, target) {
    const e = life.open.event;
    const noun = SHORT_NOUN[e.kind] ?? e.kind;
    const what = target.startsWith(`${noun} `) ? target : `${noun} ${JSON.stringify(target)}`;
    return `${what} ${e.kind === 'fd' ? 'left open after' : 'outlived'} its ${e.owner.scope}`;
  },
  describe(life, owner) {
    const e = life.open.event;
    const daemon = e.kind === 'thread' && e.daemon === false ? ' (non-daemon: it can block interpreter exit)' : '';
    return `${NOUN[e.kind] ?? e.kind} ${JSON.stringify(e.target)}${daemon} ${VERB[e.kind] ?? 'created'}${creationText(life)} in ${owner} was ${stateOf(e.kind)} after ${owner} ended${laterTestsText(life)}`;
  },
};

export function resourceLeak(runs: IndexedRun[], opts: CheckOptions = {}): Finding[] {
  return leakFindings(runs, opts, rule);
}
