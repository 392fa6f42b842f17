// The child's environment: every FLAKESCOPE_* variable and the shim injection are decided here, in one pure function.
import path from 'node:path';
import type { Perturbation } from './plan.js';

export interface ShimEnvOptions {
  /** Absolute path of python-shim/ (sitecustomize.py + flakescope_shim/). */
  shimDir: string;
  /** Folder this run's processes write their <pid>.jsonl into (already created). */
  traceDir: string;
  run: number;
  /** What the shim applies (PERTURB_VARS below); orchestrator-side settings (cpu-noise, isolate) are ignored here. */
  perturbation?: Perturbation;
  /** Per-test hang limit, seconds. */
  timeout?: number;
}

/** The pytest plugin module the shim ships; pytest loads it in every process, xdist workers included. */
export const PYTEST_PLUGIN = 'flakescope_shim.pytest.plugin';

/** The perturbation variables the shim reads (python-shim/flakescope_shim/perturb.py, VARS); any of
 *  them inherited from our own environment is dropped so a run applies exactly the perturbation
 *  planned for it. Sleep scaling at a site (src/trace/scale.ts and
 *  the shim's perturb.sleep_scale agree): its FLAKESCOPE_SLEEP_SITES entry if any, else
 *  FLAKESCOPE_SLEEP_SCALE when FLAKESCOPE_SLEEP_SCOPE is unset or the site's file is that path or ends
 *  with "/" + it, else 1x. */
const PERTURB_VARS = ['FLAKESCOPE_SLEEP_SCALE', 'FLAKESCOPE_SLEEP_SITES', 'FLAKESCOPE_SLEEP_SCOPE', 'FLAKESCOPE_SLEEP_PLAN', 'FLAKESCOPE_JITTER_MS', 'FLAKESCOPE_SEED', 'FLAKESCOPE_SWITCH_INTERVAL', 'FLAKESCOPE_ORDER', 'FLAKESCOPE_TIMEOUT'];

/** The FLAKESCOPE_* variables that make the shim apply `p` (and the hang limit): a reproducer's env. */
export function perturbationVars(p: Perturbation, timeout: number | undefined): Record<string, string> {
  const vars: Record<string, string> = {};
  if (p.sleepScale !== undefined) vars.FLAKESCOPE_SLEEP_SCALE = String(p.sleepScale);
  if (p.sleepSites !== undefined) vars.FLAKESCOPE_SLEEP_SITES = JSON.stringify(p.sleepSites);
  if (p.sleepScope !== undefined) vars.FLAKESCOPE_SLEEP_SCOPE = p.sleepScope;
  if (p.sleepPlan !== undefined) vars.FLAKESCOPE_SLEEP_PLAN = JSON.stringify(p.sleepPlan);
  if (p.jitterMs !== undefined) vars.FLAKESCOPE_JITTER_MS = String(p.jitterMs);
  if (p.seed !== undefined) vars.FLAKESCOPE_SEED = String(p.seed);
  if (p.switchInterval !== undefined) vars.FLAKESCOPE_SWITCH_INTERVAL = String(p.switchInterval);
  if (p.order !== undefined && p.order !== 'default') vars.FLAKESCOPE_ORDER = p.order;
  if (timeout !== undefined) vars.FLAKESCOPE_TIMEOUT = String(timeout);
  return vars;
}

/** Returns a new env (the input is not modified) with the shim injected. */
export function buildChildEnv(base: NodeJS.ProcessEnv, opts: ShimEnvOptions): NodeJS.ProcessEnv {
  const shimDir = path.resolve(opts.shimDir);
  const previousPath = (base.PYTHONPATH ?? '').split(path.delimiter).filter((p) => p !== '' && p !== shimDir);
  const plugins = (base.PYTEST_PLUGINS ?? '').split(',').map((p) => p.trim()).filter((p) => p !== '' && p !== PYTEST_PLUGIN);
  const env: NodeJS.ProcessEnv = { ...base };
  for (const v of PERTURB_VARS) delete env[v];
  return {
    ...env,
    PYTHONPATH: [shimDir, ...previousPath].join(path.delimiter),
    PYTEST_PLUGINS: [...plugins, PYTEST_PLUGIN].join(','),
    FLAKESCOPE_TRACE_DIR: path.resolve(opts.traceDir),
    FLAKESCOPE_RUN: String(opts.run),
    ...perturbationVars(opts.perturbation ?? {}, opts.timeout),
  };
}
