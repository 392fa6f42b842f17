// flakescope doctor [-- <command...>]: can flakescope trace this command here? Each problem comes with its fix.
// Exit 0: ready; 1: at least one problem (listed).
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { canAccess } from '../fs/can-access.js';
import { SHIM_DIR } from '../package-info.js';
import { probePython, type ProbeResult } from '../run/doctor-probe.js';
import { detectRunner, isPython, type RunnerKind } from '../run/runner-detect.js';

export interface DoctorArgs {
  command: string[];
  out: string;
}

interface Check {
  name: string;
  ok: boolean;
  detail: string;
  fix?: string;
}

const MIN_PYTHON: [number, number] = [3, 8];

/** Module each runner needs in the interpreter. */
const RUNNER_MODULE: Partial<Record<RunnerKind, string>> = { pytest: 'pytest', testtools: 'testtools', stestr: 'stestr', tornado: 'tornado' };

async function findOnPath(name: string): Promise<string | null> {
  if (name.includes('/')) return name;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir || '.', name);
    if (await canAccess(candidate, constants.X_OK)) return candidate;
  }
  return null;
}

/** The interpreter a command runs: argv[0] when it is Python, else the shebang of a script such as `pytest`. */
async function interpreterOf(command: string[]): Promise<{ python: string; note?: string; missing?: Check }> {
  const first = command[0];
  if (first === undefined) return { python: 'python3', note: 'no command given: checked python3 from PATH' };
  if (isPython(first)) return { python: first };
  const file = await findOnPath(first);
  if (file === null) {
    return { python: 'python3', missing: { name: 'command', ok: false, detail: `${first} not found on PATH`, fix: 'check the spelling, activate your virtualenv, or give the full path' } };
  }
  const handle = await open(file, 'r').catch(() => null);
  const head = handle ? (await handle.read(Buffer.alloc(256), 0, 256, 0)).buffer.toString('utf8') : '';
  await handle?.close();
  const shebang = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(head);
  const target = shebang?.[1]?.endsWith('/env') ? shebang[2] : shebang?.[1];
  if (target !== undefined && isPython(target)) return { python: target };
  return { python: 'python3', note: `${first} is not a Python script flakescope can read: checked python3 from PATH` };
}

function pythonChecks(python: string, probe: ProbeResult | { error: string }): Check[] {
  if ('error' in probe) {
    return [{ name: 'python', ok: false, detail: `${python} did not run: ${probe.error}`, fix: 'install Python 3.8+ or put your interpreter first after --' }];
  }
  const [major, minor] = probe.version;
  const oldPython = major < MIN_PYTHON[0] || (major === MIN_PYTHON[0] && minor < MIN_PYTHON[1]);
  const checks: Check[] = [{
    name: 'python', ok: !oldPython, detail: `${probe.executable} ${probe.version.join('.')}`,
    ...(oldPython ? { fix: `use Python ${MIN_PYTHON.join('.')} or newer` } : {}),
  }];
  const ours = probe.sitecustomize !== null && path.resolve(probe.sitecustomize).startsWith(SHIM_DIR);
  checks.push(probe.shimLoaded && probe.traceWritten
    ? { name: 'shim', ok: true, detail: `loaded from ${SHIM_DIR}; chained sitecustomize: ${probe.chained ?? 'none'}` }
    : {
      name: 'shim', ok: false,
      detail: ours ? 'sitecustomize ran but the shim wrote no trace' : `the shim did not load (sitecustomize: ${probe.sitecustomize ?? 'none imported'})`,
      fix: ours ? 'report this with FLAKESCOPE_DEBUG=1 output' : 'do not run Python with -S/-I, and do not reset PYTHONPATH in the command or its wrappers',
    });
  return checks;
}

function runnerChecks(command: string[], probe: ProbeResult | { error: string }): Check[] {
  if (command.length === 0) return [];
  const runner = detectRunner(command);
  const modules = 'error' in probe ? {} : probe.modules;
  const plugins = Object.entries(modules).filter(([m, present]) => present && m !== RUNNER_MODULE[runner.kind]).map(([m]) => m);
  const detail = `${runner.kind}${plugins.length > 0 ? `; also importable: ${plugins.join(', ')}` : ''}`;
  const needed = RUNNER_MODULE[runner.kind];
  if (needed !== undefined && modules[needed] === false) {
    return [{ name: 'runner', ok: false, detail: `${runner.kind}, but ${needed} is not importable`, fix: `install ${needed} for that interpreter` }];
  }
  if (runner.kind === 'pytest' && command.slice(runner.argsAt).some((a) => a === '-n' || a.startsWith('--numprocesses')) && modules.xdist === false) {
    return [{ name: 'runner', ok: false, detail: 'pytest -n needs pytest-xdist, which is not importable', fix: 'install pytest-xdist or drop -n' }];
  }
  if (runner.kind === 'unknown') {
    return [{ name: 'runner', ok: true, detail: 'not recognised; any unittest- or pytest-based runner is traced through unittest/pytest' }];
  }
  return [{ name: 'runner', ok: true, detail }];
}

/** The folder itself when it exists, else the nearest existing parent (where it would be created). */
async function writable(dir: string): Promise<boolean> {
  let current = path.resolve(dir);
  for (;;) {
    if (await canAccess(current)) return canAccess(current, constants.W_OK);
    const parent = path.dirname(current);
    if (parent === current) return false;
    current = parent;
  }
}

async function writeChecks(out: string): Promise<Check[]> {
  const outOk = await writable(out);
  const tmpOk = await writable(tmpdir());
  return [
    { name: 'output folder', ok: outOk, detail: path.resolve(out), ...(outOk ? {} : { fix: 'choose a writable folder with --out' }) },
    { name: 'temp folder', ok: tmpOk, detail: tmpdir(), ...(tmpOk ? {} : { fix: 'set TMPDIR to a writable folder' }) },
  ];
}

export async function doctorCommand(args: DoctorArgs): Promise<number> {
  const { python, note, missing } = await interpreterOf(args.command);
  const probe = await probePython(python, SHIM_DIR);
  const checks = [...(missing ? [missing] : []), ...pythonChecks(python, probe), ...runnerChecks(args.command, probe), ...(await writeChecks(args.out))];
  if (note !== undefined) process.stdout.write(`note: ${note}\n`);
  for (const c of checks) {
    process.stdout.write(`${c.ok ? 'ok     ' : 'PROBLEM'} ${c.name}: ${c.detail}\n`);
    if (c.fix !== undefined) process.stdout.write(`        fix: ${c.fix}\n`);
  }
  const problems = checks.filter((c) => !c.ok).length;
  process.stdout.write(problems === 0 ? 'ready: flakescope can trace this command\n' : `${problems} problem(s)\n`);
  return problems === 0 ? 0 : 1;
}
