// Live progress on long work: run i/N, tests done, findings so far. A cli-progress bar on a TTY;
// nothing at all when the stream is not a TTY (CI logs, pipes) or with --quiet.
import { createRequire } from 'node:module';

// cli-progress (and the string-width it loads) only when a bar is drawn: `run` creates its progress
// before the child starts, and without a TTY loading it would only delay that.
const loadCliProgress = (): typeof import('cli-progress') => createRequire(import.meta.url)('cli-progress') as typeof import('cli-progress');

export interface ProgressOptions {
  /** Planned runs (for --runs auto, the cap). */
  runs: number;
  quiet?: boolean;
  /** Where the bar is drawn; stderr by default so stdout stays clean for reports. */
  stream?: NodeJS.WritableStream & { isTTY?: boolean };
}

export interface Progress {
  /** True when a bar is drawn; false for the quiet path. */
  readonly live: boolean;
  runStarted(index: number): void;
  runFinished(index: number): void;
  testsDone(total: number): void;
  findings(total: number): void;
  stop(): void;
}

/** Redraws at most this often: smooth enough to look live, cheap next to a test run. */
const FPS = 5;

const QUIET: Progress = {
  live: false,
  runStarted: () => undefined,
  runFinished: () => undefined,
  testsDone: () => undefined,
  findings: () => undefined,
  stop: () => undefined,
};

export function createProgress(opts: ProgressOptions): Progress {
  const stream = opts.stream ?? process.stderr;
  if (opts.quiet || stream.isTTY !== true) return QUIET;
  const cliProgress = loadCliProgress();
  const bar = new cliProgress.SingleBar({
    stream: stream as NodeJS.WriteStream,
    format: 'run {run}/{runs} [{bar}] tests {tests} | findings {findings}',
    fps: FPS,
    hideCursor: true,
    clearOnComplete: true,
    barsize: 24,
  }, cliProgress.Presets.shades_classic);
  const payload = { run: 0, runs: opts.runs, tests: 0, findings: 0 };
  let done = 0;
  bar.start(opts.runs, 0, payload);
  return {
    live: true,
    runStarted(index) { payload.run = index + 1; bar.update(done, payload); },
    runFinished() { done = Math.min(done + 1, opts.runs); bar.update(done, payload); },
    testsDone(total) { payload.tests = total; bar.update(done, payload); },
    findings(total) { payload.findings = total; bar.update(done, payload); },
    stop() { bar.stop(); },
  };
}
