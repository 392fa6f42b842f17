// The child's environment: every FLAKESCOPE_* variable and the shim injection are decided here, in one pure function.
import path from 'node:path';

export interface ShimEnvOptions {
  /** Absolute path of python-shim/ (sitecustomize.py + flakescope_shim/). */
  shimDir: string;
  /** Folder this run's processes write their <pid>.jsonl into (already created). */
  traceDir: string;
  run: number;
}

/** The pytest plugin module the shim ships; pytest loads it in every process, xdist workers included. */
export const PYTEST_PLUGIN = 'flakescope_shim.pytest_plugin';

/** Returns a new env (the input is not modified) with the shim injected. */
export function buildChildEnv(base: NodeJS.ProcessEnv, opts: ShimEnvOptions): NodeJS.ProcessEnv {
  const shimDir = path.resolve(opts.shimDir);
  const previousPath = (base.PYTHONPATH ?? '').split(path.delimiter).filter((p) => p !== '' && p !== shimDir);
  const plugins = (base.PYTEST_PLUGINS ?? '').split(',').map((p) => p.trim()).filter((p) => p !== '' && p !== PYTEST_PLUGIN);
  return {
    ...base,
    PYTHONPATH: [shimDir, ...previousPath].join(path.delimiter),
    PYTEST_PLUGINS: [...plugins, PYTEST_PLUGIN].join(','),
    FLAKESCOPE_TRACE_DIR: path.resolve(opts.traceDir),
    FLAKESCOPE_RUN: String(opts.run),
  };
}
