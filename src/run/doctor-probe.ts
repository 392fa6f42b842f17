// What a Python interpreter looks like with the shim injected: run one tiny probe under the same env a
// real run gets, then read the trace header it wrote (which records the sitecustomize it chained).
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { buildChildEnv } from './env.js';

/** Modules whose presence changes what flakescope can see or how a command runs. */
export const PROBED_MODULES = ['pytest', 'xdist', 'pytest_mock', 'mock', 'testtools', 'fixtures', 'stestr', 'tornado', 'django', 'eventlet', 'gevent'];

/** A cold interpreter with pytest importable starts in well under a second; allow for a loaded CI box. */
export const PROBE_TIMEOUT_MS = 30_000;

const PROBE = `
import json, sys, importlib.util as u
shim = sys.modules.get("flakescope_shim")
site = sys.modules.get("sitecustomize")
print(json.dumps({
  "executable": sys.executable,
  "version": list(sys.version_info[:3]),
  "shimLoaded": shim is not None,
  "sitecustomize": getattr(site, "__file__", None),
  "modules": {m: u.find_spec(m) is not None for m in sys.argv[1:]},
}))
`;

export interface ProbeResult {
  executable: string;
  version: [number, number, number];
  shimLoaded: boolean;
  sitecustomize: string | null;
  modules: Record<string, boolean>;
  /** From the trace header: the sitecustomize the shim ran before itself, if any. */
  chained: string | null;
  traceWritten: boolean;
}

export async function probePython(python: string, shimDir: string): Promise<ProbeResult | { error: string }> {
  const traceDir = await mkdtemp(path.join(tmpdir(), 'flakescope-doctor-'));
  try {
    const env = buildChildEnv(process.env, { shimDir, traceDir, run: 0 });
    const r = await execa(python, ['-c', PROBE, ...PROBED_MODULES], { env, extendEnv: false, reject: false, timeout: PROBE_TIMEOUT_MS, stdin: 'ignore' });
    if (r.exitCode !== 0) return { error: (r.stderr || r.shortMessage || `exit ${r.exitCode}`).split('\n').slice(-3).join(' ') };
    const info = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as Omit<ProbeResult, 'chained' | 'traceWritten'>;
    const files = (await readdir(traceDir)).filter((f) => f.endsWith('.jsonl'));
    let chained: string | null = null;
    if (files[0] !== undefined) {
      const header = JSON.parse((await readFile(path.join(traceDir, files[0]), 'utf8')).split('\n')[0] ?? '{}') as { chained?: string | null };
      chained = header.chained ?? null;
    }
    return { ...info, chained, traceWritten: files.length > 0 };
  } finally {
    await rm(traceDir, { recursive: true, force: true });
  }
}
