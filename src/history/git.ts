// The commit a session ran at, from git in the current folder: its sha, branch, commit time, and
// whether tracked files differed from it (then the code that ran was not that commit's).
// node:child_process, not execa: `run` asks git while the tests run, and loading execa's ~130 modules
// then took ~0.1 s of CPU from the tests' own process on a 2-core machine (docs/performance.md).
import { execFile, spawnSync } from 'node:child_process';

export interface CommitInfo {
  commit: string | null;
  branch: string | null;
  /** Milliseconds since the epoch. */
  commitTime: number | null;
  /** Tracked files differ from the commit. */
  dirty: boolean;
}

export interface GitResult {
  /** null when git could not be run at all. */
  status: number | null;
  stdout: string;
  stderr: string;
}

/** A diff or file list of a large repository fits; past this git's answer is treated as a failure. */
const GIT_MAX_BUFFER = 256 * 1024 * 1024;

/** Runs git with an argv array (no shell), never throwing: the caller decides what a failure means. */
export function runGit(cwd: string, args: string[]): GitResult {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8', maxBuffer: GIT_MAX_BUFFER, stdio: ['ignore', 'pipe', 'pipe'] });
  return { status: r.error ? null : r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** runGit, without blocking: git's exit code, or null when it could not be run or its output overflowed. */
function runGitAsync(cwd: string, args: string[]): Promise<GitResult> {
  return new Promise((resolve) => {
    const child = execFile('git', args, { cwd, encoding: 'utf8', maxBuffer: GIT_MAX_BUFFER }, (error, stdout, stderr) => {
      const status = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
      resolve({ status, stdout, stderr });
    });
    child.stdin?.end();
  });
}

/** git's answer, or null when git is missing, this is not a repository, or the ref is unknown. */
export function git(cwd: string, args: string[]): string | null {
  const r = runGit(cwd, args);
  return r.status === 0 ? r.stdout.trim() : null;
}

/** CI checks out a detached HEAD; its branch is in the environment. */
function ciBranch(env: NodeJS.ProcessEnv): string | null {
  return env.GITHUB_HEAD_REF || env.GITHUB_REF_NAME || env.CI_COMMIT_REF_NAME || env.BRANCH_NAME || null;
}

const LAST_COMMIT = ['log', '-1', '--format=%H %ct'];
const BRANCH = ['rev-parse', '--abbrev-ref', 'HEAD'];
// `git diff --quiet HEAD` exits 1 when tracked files differ; untracked files (caches, output) do not count.
const TRACKED_CHANGES = ['diff', '--quiet', 'HEAD', '--'];

/** The commit HEAD is at, with git run in the background: `run` starts it while the tests run, so
 *  git's time (tens of milliseconds, more in a large repository) is hidden. */
export async function commitInfo(cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<CommitInfo> {
  const run = (args: string[]): Promise<GitResult> => runGitAsync(cwd, args);
  const last = await run(LAST_COMMIT);
  const line = last.status === 0 ? last.stdout.trim() : '';
  if (line === '') return { commit: null, branch: null, commitTime: null, dirty: false };
  const [commit, seconds] = line.split(' ');
  const [branchOut, changes] = await Promise.all([run(BRANCH), run(TRACKED_CHANGES)]);
  const branch = branchOut.status === 0 ? branchOut.stdout.trim() : null;
  return {
    commit: commit ?? null,
    branch: branch !== null && branch !== 'HEAD' ? branch : ciBranch(env),
    commitTime: seconds ? Number(seconds) * 1000 : null,
    dirty: changes.status === 1,
  };
}
