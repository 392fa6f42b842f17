// The commit a session ran at, from git in the current folder: its sha, branch, commit time, and
// whether tracked files differed from it (then the code that ran was not that commit's).
// node:child_process's spawn, not execa: `run` asks this while the tests run, and loading execa's ~130
// modules then (half of what `run` loads) took CPU from the tests' own process on a 2-core machine.
import { spawn } from 'node:child_process';

export interface CommitInfo {
  commit: string | null;
  branch: string | null;
  /** Milliseconds since the epoch. */
  commitTime: number | null;
  /** Tracked files differ from the commit. */
  dirty: boolean;
}

/** git's exit code and output; status null when git could not be run at all. */
interface Answer {
  status: number | null;
  stdout: string;
}

/** git with an argv array (no shell), never rejecting: the caller decides what a failure means. */
function ask(cwd: string, args: string[]): Promise<Answer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const child = spawn('git', args, { cwd, stdio: ['ignore', 'pipe', 'ignore'] });
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', () => resolve({ status: null, stdout: '' }));
    child.on('close', (code) => resolve({ status: code, stdout: Buffer.concat(chunks).toString('utf8') }));
  });
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
  const run = (args: string[]): Promise<Answer> => ask(cwd, args);
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
