// env-pollution: process-wide state a scope changed and did not restore by its end: os.environ
// entries, cwd, sys.path, logging levels and handlers, signal handlers, socket.getdefaulttimeout(),
// the asyncio event loop policy. Env values are compared as hashes; the trace never holds them.
import type { Finding } from './finding.js';
import type { CheckOptions } from './options.js';
import type { IndexedRun } from '../trace/run-index.js';
import { creationText, laterTestsText, leakFindings, type LeakRule } from './leak-findings.js';
import type { ResourceLife } from '../trace/resources.js';

const STATE_KINDS = new Set(['env', 'state']);

/** patch.dict(os.environ) / monkeypatch.setenv changes are patches: leaked-patch reports them, with victims. */
function madeByPatch(life: ResourceLife, run: IndexedRun): boolean {
  const e = life.open.event;
  if (e.kind !== 'env' || e.site === undefined) return false;
  const { file, line } = e.site;
  return run.events.some((p) => p.ev === 'patch-start' && p.proc === e.proc && p.target === 'os.environ' && p.site.file === file && p.site.line === line)
    || (run.folds[e.proc]?.patches.has(`${file}:${line}\u0000os.environ`) ?? false);
}

function changeOf(life: ResourceLife): string {
  const e = life.open.event;
  return e.kind === 'env' && e.after === '<unset>' ? 'deleted' : e.before === '<unset>' ? 'set' : 'changed';
}

/** A logger's or cwd's new value is short enough for one line; sys.path's is not. */
const SHORT_VALUE = 50;

const rule: LeakRule = {
  findingKind: (kind) => (STATE_KINDS.has(kind) ? 'env-pollution' : null),
  coveredElsewhere: madeByPatch,
  summarise(life, target) {
    const e = life.open.event;
    const value = e.kind === 'state' && e.after !== undefined && e.after.length <= SHORT_VALUE ? ` to ${e.after}` : '';
    return `${target} ${changeOf(life)}${value}, not restored${e.owner.scope === 'test' ? '' : ` by its ${e.owner.scope}`}`;
  },
  describe(life, owner) {
    const e = life.open.event;
    const values = e.kind === 'state' && e.before !== undefined ? ` (${e.before} -> ${e.after})` : '';
    return `${e.target} ${changeOf(life)}${creationText(life)} in ${owner}${values} was not restored when ${owner} ended${laterTestsText(life)}`;
  },
};

export function envPollution(runs: IndexedRun[], opts: CheckOptions = {}): Finding[] {
  return leakFindings(runs, opts, rule);
}
