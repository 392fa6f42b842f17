// Records a run, check or merge in the history store. The report is already written by then, so a
// store that cannot be reached costs the history of this session (a warning), never the report.
import { errnoCode } from '../errors.js';
import type { CommitInfo } from '../history/git.js';
import { sessionRecord, type SessionInput } from '../history/record.js';
import { describeTarget, openHistory, type HistoryTarget } from '../history/target.js';

export interface RecordTarget {
  target: HistoryTarget;
  source: SessionInput['source'];
  /** Records this one replaces (merge: its shards). */
  supersedes?: string[];
}

/** `commit`: the commit the session ran at (git.ts), asked for when the session started. */
export async function recordSession(to: RecordTarget, input: Pick<SessionInput, 'report' | 'manifest' | 'attempts'>, commit: Promise<CommitInfo>): Promise<void> {
  try {
    const store = await openHistory(to.target);
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
