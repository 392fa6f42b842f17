// The commit a session ran at, from git in the current folder: its sha, branch, commit time, and
// whether tracked files differed from it (then the code that ran was not that commit's).
import { execa, execaSync } from 'execa';

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
  const run = async (args: string[]): Promise<GitResult> => resultOf(await execa('git', args, { cwd, ...GIT_OPTIONS }));
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
