// leaked-thread, leaked-fd, leaked-child: a thread, greenthread, file descriptor or child process
// still alive at the snapshot where src/trace/resources.ts judges it: the first after the scope that
// created it ended, or for threads and children the first at least their grace period later (or at
// exit). Runner-owned resources never reach the trace (shim ignore.py).
import type { Finding, FindingKind } from './finding.js';
import type { CheckOptions } from './options.js';
import type { IndexedRun } from '../trace/index.js';
import { laterTestsText, leakFindings, siteText, type LeakRule } from './leaked-resources.js';

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

const VERB: Record<string, string> = {
  thread: 'started',
  greenthread: 'spawned',
  fd: 'opened',
  child: 'spawned',
};

const rule: LeakRule = {
  findingKind: (kind) => FINDING_OF[kind] ?? null,
  groupByTarget: false,
  describe(life, owner) {
    const e = life.open.event;
    const state = e.kind === 'child' ? 'still running or never waited for' : e.kind === 'fd' ? 'still open' : 'still running';
    const daemon = e.kind === 'thread' && e.daemon === false ? ' (non-daemon: it can block interpreter exit)' : '';
    return `${NOUN[e.kind] ?? e.kind} ${JSON.stringify(e.target)}${daemon} ${VERB[e.kind] ?? 'created'}${siteText(life)} in ${owner} was ${state} after ${owner} ended${laterTestsText(life)}`;
  },
};

export function resourceLeak(runs: IndexedRun[], opts: CheckOptions = {}): Finding[] {
  return leakFindings(runs, opts, rule);
}
