// env-pollution: process-wide state a scope changed and did not restore by its end: os.environ
// entries, cwd, sys.path, logging levels and handlers, signal handlers, socket.getdefaulttimeout(),
// the asyncio event loop policy. Env values are compared as hashes; the trace never holds them.
import type { Finding } from './finding.js';
import type { CheckOptions } from './options.js';
import type { IndexedRun } from '../trace/index.js';
import { laterTestsText, leakFindings, siteText, type LeakRule } from './leaked-resources.js';
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

const rule: LeakRule = {
  findingKind: (kind) => (STATE_KINDS.has(kind) ? 'env-pollution' : null),
  groupByTarget: true,
  coveredElsewhere: madeByPatch,
  describe(life, owner) {
    const e = life.open.event;
    const change = e.kind === 'env' && e.after === '<unset>' ? 'deleted' : e.before === '<unset>' ? 'set' : 'changed';
    const values = e.kind === 'state' && e.before !== undefined ? ` (${e.before} -> ${e.after})` : '';
    return `${e.target} ${change}${siteText(life)} in ${owner}${values} was not restored when ${owner} ended${laterTestsText(life)}`;
  },
};

export function envPollution(runs: IndexedRun[], opts: CheckOptions = {}): Finding[] {
  return leakFindings(runs, opts, rule);
}
