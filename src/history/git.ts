// git, run synchronously for the commands that ask it one question at a time (--new-tests, import,
// quarantine). The commit a session ran at is asked while the tests run: commit-info.ts.
import { execaSync } from 'execa';

export interface GitResult {
  /** null when git could not be run at all. */
  status: number | null;
  stdout: string;
  stderr: string;
}

const GIT_OPTIONS = { reject: false, stdin: 'ignore', maxBuffer: 256 * 1024 * 1024 } as const;

function resultOf(r: { failed: boolean; exitCode?: number | undefined; stdout?: unknown; stderr?: unknown }): GitResult {
  return { status: r.failed && r.exitCode === undefined ? null : (r.exitCode ?? null), stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? '') };
}

/** Runs git with an argv array (no shell), never throwing: the caller decides what a failure means. */
export function runGit(cwd: string, args: string[]): GitResult {
  return resultOf(execaSync('git', args, { cwd, ...GIT_OPTIONS }));
}

/** git's answer, or null when git is missing, this is not a repository, or the ref is unknown. */
export function git(cwd: string, args: string[]): string | null {
  const r = runGit(cwd, args);
  return r.status === 0 ? r.stdout.trim() : null;
}
