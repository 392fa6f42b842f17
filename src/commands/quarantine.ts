// flakescope quarantine add|remove|list: edits .flakescope/quarantine.json, the committed list of tests
// whose failures do not fail `flakescope run`.
import { userInfo } from 'node:os';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { git, runGit } from '../history/git.js';
import { FLAKESCOPE_DIR, QUARANTINE_FILE } from '../history/project-dir.js';
import { isExpired, quarantinePath, readQuarantine, writeQuarantine, type QuarantineEntry } from '../history/quarantine.js';

export type QuarantineArgs =
  | { action: 'add'; test: string; reason: string; until?: string; by?: string }
  | { action: 'remove'; test: string }
  | { action: 'list'; json: boolean };

/** Who is adding: git's user.name <user.email>, else the login name. */
function whoAmI(cwd: string): string {
  const name = git(cwd, ['config', 'user.name']);
  const email = git(cwd, ['config', 'user.email']);
  if (name) return email ? `${name} <${email}>` : name;
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? 'unknown';
  }
}

/** A list git ignores is never shared: say how to fix the .gitignore. */
function warnIfIgnored(cwd: string, file: string): void {
  if (runGit(cwd, ['check-ignore', '-q', '--no-index', path.relative(cwd, file)]).status === 0) {
    process.stderr.write(`flakescope: warning: git ignores ${path.relative(cwd, file)}, so the quarantine would not be committed; ` +
      `in .gitignore, replace "${FLAKESCOPE_DIR}/" with "${FLAKESCOPE_DIR}/*" and add "!${FLAKESCOPE_DIR}/${QUARANTINE_FILE}"\n`);
  }
}

function parseUntil(value: string, now: number): string {
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new UsageError(`--until ${value}: give a date, e.g. 2026-03-31`);
  if (t <= now) throw new UsageError(`--until ${value} is in the past; give a later date, or none to quarantine until removed`);
  return new Date(t).toISOString();
}

function describe(e: QuarantineEntry, now: number): string {
  const until = e.until === null ? 'until removed' : `${isExpired(e, now) ? 'EXPIRED on' : 'until'} ${e.until.slice(0, 10)}`;
  return `${e.id}\n    ${e.reason} — ${e.by}, ${e.added.slice(0, 10)}, ${until}`;
}

export async function quarantineCommand(args: QuarantineArgs): Promise<number> {
  const cwd = process.cwd();
  const now = Date.now();
  const list = await readQuarantine(cwd);
  switch (args.action) {
    case 'add': {
      if (args.test.trim() === '') throw new UsageError('give the test id to quarantine (as report.json or flakescope history names it)');
      if (args.reason.trim() === '') throw new UsageError('--reason: say why the test is quarantined (an issue link, what is flaky)');
      const entry: QuarantineEntry = {
        id: args.test, reason: args.reason, by: args.by ?? whoAmI(cwd), added: new Date(now).toISOString(),
        until: args.until === undefined ? null : parseUntil(args.until, now),
      };
      const replaced = list.tests.some((e) => e.id === args.test);
      const file = await writeQuarantine(cwd, { ...list, tests: [...list.tests.filter((e) => e.id !== args.test), entry] });
      process.stdout.write(`flakescope: ${replaced ? 'updated' : 'quarantined'} ${args.test} in ${path.relative(cwd, file)}; commit it to share\n`);
      warnIfIgnored(cwd, file);
      return 0;
    }
    case 'remove': {
      if (!list.tests.some((e) => e.id === args.test)) {
        const known = list.tests.map((e) => e.id);
        throw new UsageError(`${args.test} is not quarantined${known.length > 0 ? ` (quarantined: ${known.join(', ')})` : ' (the list is empty)'}`);
      }
      const file = await writeQuarantine(cwd, { ...list, tests: list.tests.filter((e) => e.id !== args.test) });
      process.stdout.write(`flakescope: removed ${args.test} from ${path.relative(cwd, file)}\n`);
      return 0;
    }
    case 'list': {
      if (args.json) process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
      else if (list.tests.length === 0) process.stdout.write(`no test is quarantined (${path.relative(cwd, quarantinePath(cwd))})\n`);
      else process.stdout.write(`${list.tests.map((e) => describe(e, now)).join('\n')}\n`);
      return 0;
    }
  }
}
