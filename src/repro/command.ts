// A reproducer's command: the user's command narrowed to the selected tests in the runner's syntax
// (select.ts), and an env of only the FLAKESCOPE_* settings of the perturbation plus PYTHONPATH that
// puts the shim first (the user's own PYTHONPATH kept after it). No trace dir: the shim then only perturbs.
import path from 'node:path';
import type { Reproduce } from '../check/reproduce.js';
import { perturbationVars, PYTEST_PLUGIN } from '../run/env.js';
import { detectRunner, repeatsDuplicates, selectTests } from '../run/select.js';
import type { Perturbation } from '../trace/schema.js';

export interface CommandContext {
  /** The user's command as given to `flakescope run`. */
  command: string[];
  cwd: string;
  shimDir: string;
  /** PYTHONPATH of the environment the command ran in, if any. */
  pythonPath?: string;
  /** Absolute path a load-list runner's test list is written to. */
  listFile: string;
}

export interface ReproCommand extends Pick<Reproduce, 'argv' | 'env' | 'cwd'> {
  /** The list file's text, for runners that take a --load-list. */
  listText?: string;
  /** False when the runner cannot be narrowed and the whole command runs. */
  narrowed: boolean;
  /** Times the tests run in one process (1 when the runner cannot repeat them). */
  repeat: number;
}

export function shimPythonPath(shimDir: string, previous: string | undefined): string {
  const shim = path.resolve(shimDir);
  const rest = (previous ?? '').split(path.delimiter).filter((p) => p !== '' && path.resolve(p) !== shim);
  return [shim, ...rest].join(path.delimiter);
}

/** `tests` run `repeat` times in one process where the runner runs a test once per time it is named. */
export function reproCommand(ctx: CommandContext, spec: { tests: string[]; perturbation: Perturbation; repeat?: number }): ReproCommand {
  const repeat = repeatsDuplicates(ctx.command) ? Math.max(1, spec.repeat ?? 1) : 1;
  const tests = Array.from({ length: repeat }, () => spec.tests).flat();
  const selection = selectTests(ctx.command, tests, path.resolve(ctx.listFile));
  // Repeated, it stops at its first failure: the replay has shown what it was run for (a hang costs its
  // whole timeout every time it recurs).
  if (selection && repeat > 1 && !selection.argv.includes('--failfast') && !selection.argv.includes('-f')) {
    selection.argv.splice(selection.argv.length - tests.length, 0, '--failfast');
  }
  const { timeout, ...perturbation } = spec.perturbation;
  // pytest tests are timed by the shim's pytest plugin, which only a traced run loads by itself.
  if (selection && timeout !== undefined && detectRunner(ctx.command) === 'pytest') {
    selection.argv.splice(selection.argv.indexOf('no:cacheprovider') - 1, 0, '-p', PYTEST_PLUGIN);
  }
  const env = { PYTHONPATH: shimPythonPath(ctx.shimDir, ctx.pythonPath), ...perturbationVars(perturbation, timeout) };
  return {
    argv: selection?.argv ?? [...ctx.command],
    env,
    cwd: ctx.cwd,
    narrowed: selection !== null,
    repeat,
    ...(selection?.listText !== undefined ? { listText: selection.listText } : {}),
  };
}
