// Records a run, check or merge in the history store. The report is already written by then, so a
// store that cannot be reached costs the history of this session (a warning), never the report.
import { errnoCode } from '../errors.js';
import type { CommitInfo } from '../history/commit-info.js';
import { sessionRecord, type SessionInput } from '../history/record.js';
import type { HistoryStore } from '../history/store.js';
import { describeTarget, openHistory, type HistoryTarget } from '../history/target.js';

export interface RecordTarget {
  target: HistoryTarget;
  source: SessionInput['source'];
  /** Records this one replaces (merge: its shards). */
  supersedes?: string[];
  /** The store, opened ahead (openAhead); else opened when the session is recorded. */
  opened?: Promise<HistoryStore>;
}

/** Opens the store now, for recordSession to use: `run` does it while its tests run (loading SQLite's
 *  binding, opening, migrating and the first reads cost tens of milliseconds after them). A failure is
 *  recordSession's to report. */
export function openAhead(to: RecordTarget): void {
  to.opened ??= openHistory(to.target).then(async (store) => {
    // Only a head start: a store that cannot read ahead records as it would have anyway.
    await store.readAhead().catch(() => undefined);
    return store;
  });
  to.opened.catch(() => undefined);
}

/** Closes a store opened ahead for a session that will not be recorded. */
export async function closeUnrecorded(to: RecordTarget): Promise<void> {
  await to.opened?.then((store) => store.close()).catch(() => undefined);
}

/** `commit`: the commit the session ran at (git.ts), asked for when the session started. */
export async function recordSession(to: RecordTarget, input: Pick<SessionInput, 'report' | 'manifest' | 'attempts'>, commit: Promise<CommitInfo>): Promise<void> {
  try {
    const store = await (to.opened ?? openHistory(to.target));
    try {
      await store.record(sessionRecord({ ...input, source: to.source, commit: await commit, now: Date.now(), ...(to.supersedes ? { supersedes: to.supersedes } : {}) }));
    } finally {
      await store.close();
    }
  } catch (err) {
    const why = errnoCode(err) ?? (err as Error).message;
    process.stderr.write(`flakescope: history not recorded in ${describeTarget(to.target)}: ${why.split('\n')[0]}\n`);
  }
}
