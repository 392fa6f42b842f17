// The commit a session ran at, from git in the current folder: its sha, branch, commit time, and
// whether tracked files differed from it (then the code that ran was not that commit's).
import { spawnSync } from 'node:child_process';

export interface CommitInfo {
  commit: string | null;
  branch: string | null;
  /** Milliseconds since the epoch. */
  commitTime: number | null;
  /** Tracked files differ from the commit. */
  dirty: boolean;
}

/** git's answer, or null when git is missing, this is not a repository, or the ref is unknown. */
export function git(cwd: string, args: string[]): string | null {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return r.status === 0 ? r.stdout.trim() : null;
}

/** CI checks out a detached HEAD; its branch is in the environment. */
function ciBranch(env: NodeJS.ProcessEnv): string | null {
  return env.GITHUB_HEAD_REF || env.GITHUB_REF_NAME || env.CI_COMMIT_REF_NAME || env.BRANCH_NAME || null;
}

export function commitInfo(cwd: string, env: NodeJS.ProcessEnv = process.env): CommitInfo {
  const line = git(cwd, ['log', '-1', '--format=%H %ct']);
  if (line === null || line === '') return { commit: null, branch: null, commitTime: null, dirty: false };
  const [commit, seconds] = line.split(' ');
  const branch = git(cwd, ['rev-parse', '--abbrev-ref', 'HEAD']);
  // `git diff --quiet HEAD` exits 1 when tracked files differ; untracked files (caches, output) do not count.
  const dirty = spawnSync('git', ['diff', '--quiet', 'HEAD', '--'], { cwd, stdio: 'ignore' }).status === 1;
  return {
    commit: commit ?? null,
    branch: branch !== null && branch !== 'HEAD' ? branch : ciBranch(env),
    commitTime: seconds ? Number(seconds) * 1000 : null,
    dirty,
  };
}
