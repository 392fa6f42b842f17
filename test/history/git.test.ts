// commit-info.ts asks git through node:child_process's spawn: a session's commit, branch, commit time
// and dirty flag in a repository, nothing outside one or without git; git.ts's runGit gives git's exit
// code (null when git could not run at all).
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { commitInfo } from '../../src/history/commit-info.js';
import { runGit } from '../../src/history/git.js';

const NO_CI_BRANCH = {};

t.test('commitInfo in a repository, clean and then with a tracked file changed', async (t) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fs-git-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const git = (...args: string[]): string => spawnSync('git', args, { cwd: dir, encoding: 'utf8' }).stdout.trim();
  git('init', '-q', '-b', 'work');
  git('config', 'user.email', 'dev@example.com');
  git('config', 'user.name', 'dev');
  writeFileSync(path.join(dir, 'a.py'), 'x = 1\n');
  git('add', 'a.py');
  git('commit', '-qm', 'one');
  const sha = git('rev-parse', 'HEAD');
  const seconds = Number(git('log', '-1', '--format=%ct'));
  t.same(await commitInfo(dir, NO_CI_BRANCH), { commit: sha, branch: 'work', commitTime: seconds * 1000, dirty: false });
  writeFileSync(path.join(dir, 'untracked.log'), 'output\n');
  t.equal((await commitInfo(dir, NO_CI_BRANCH)).dirty, false, 'an untracked file is not a change of the code');
  writeFileSync(path.join(dir, 'a.py'), 'x = 2\n');
  t.equal((await commitInfo(dir, NO_CI_BRANCH)).dirty, true, 'a changed tracked file is');
  t.same(runGit(dir, ['rev-parse', '--abbrev-ref', 'HEAD']), { status: 0, stdout: 'work', stderr: '' });
});

t.test('outside a repository and without a folder', async (t) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fs-nogit-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  t.same(await commitInfo(dir, { GITHUB_REF_NAME: 'ci-branch' }), { commit: null, branch: null, commitTime: null, dirty: false });
  const outside = runGit(dir, ['status']);
  t.equal(outside.status, 128, "git's own exit code");
  t.match(outside.stderr, /not a git repository/);
  t.equal(runGit(path.join(dir, 'missing'), ['status']).status, null, 'git could not run there at all');
  t.same(await commitInfo(path.join(dir, 'missing'), {}), { commit: null, branch: null, commitTime: null, dirty: false }, 'nor here');
});
