// A run's trace files parsed and folded while the run is still writing them. The child keeps one core
// busy and this process would sit idle, then parse and fold every line once the run ended, after the
// suite's last test. The read after the run (read-run.ts) continues each file where this stopped, so
// its result is the same as reading the finished files from their start.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { FileFold } from './file-fold.js';
import { TraceLines } from './lines.js';
import { restOf } from './read-run.js';
import { makeJsonRedactor } from './redact.js';
import { REORDER_WINDOW } from './reorder.js';
import type { TraceEvent } from './schema.js';

/** How often a running run's traces are read: what the last poll left is parsed after the run, while
 *  the user waits (at 250 ms, up to a sixth of a 1.5 s suite's trace); a poll with nothing new costs a
 *  readdir and a stat per file. */
export const FOLLOW_POLL_MS = 100;
/** Events parsed while the runs run, for all followed runs together: past it, the rest of their files
 *  is read after the run, as without following. */
export const FOLLOW_MAX_EVENTS = 200_000;

/** The shim writes compact JSON (separators without spaces), so a test end is this exact text. */
const TEST_END = '"ev":"test-end"';

/** The part of one trace file already parsed. */
export interface FileHead {
  readonly lines: TraceLines;
  readonly decoder: StringDecoder;
  /** The events parsed so far, redacted and folded as the process whose place in the run's files was
   *  this one's when it was first seen (the read after the run reads the file again from its start
   *  when a file listed before it came later). */
  readonly fold: FileFold;
  /** Events parsed so far. */
  parsed: number;
  /** Bytes consumed: the rest of the file starts here. */
  offset: number;
  /** The file read: one replaced under the same name is read again from its start. */
  readonly dev: number;
  readonly ino: number;
  /** Where the events parsed from here on go (read-run.ts points it at its fold). */
  sink: (e: TraceEvent) => void;
}

/** Past the event budget a file's test ends are only counted, by their text: bytes counted so far,
 *  and the start of a line still being written. */
interface Scan {
  scanned: number;
  carry: string;
}

interface Budget {
  left: number;
}

/** Follows one run folder until the run ends; then hands its files' heads to the read. The same
 *  polls count finished tests for the progress bar (`onPoll`). */
export class RunFollower {
  private readonly heads = new Map<string, FileHead>();
  private readonly scans = new Map<string, Scan>();
  private ended = 0;
  /** Called after every poll with the tests finished so far in this run. */
  onPoll: ((testsEnded: number) => void) | null = null;
  /** Files replaced or truncated while followed: read after the run from their start. */
  private readonly dropped = new Set<string>();
  private readonly redact: <T>(value: T) => T;
  private timer: NodeJS.Timeout | null = null;

  constructor(readonly runDir: string, readonly runName: string, readonly knownSecrets: readonly string[], private readonly budget: Budget) {
    this.redact = makeJsonRedactor(knownSecrets, { inPlace: true });
  }

  /** Polls until `running` settles. */
  follow(running: Promise<unknown>): void {
    this.timer = setInterval(() => this.poll(), FOLLOW_POLL_MS);
    const stop = (): void => this.stop();
    running.then(stop, stop);
  }

  /** Stops following; the heads of the files read so far, by file name, for read-run.ts to continue. */
  finish(): Map<string, FileHead> {
    this.stop();
    return this.heads;
  }

  /** Reads what the run's trace files gained since the last poll (whole files while the budget lasts).
   *  Synchronous calls: this process has nothing else to do meanwhile, and a promise per file and
   *  call cost more than the reads (~60 files every poll on tornado's suite). */
  poll(): void {
    let names: string[] = [];
    try {
      names = readdirSync(this.runDir).sort();
    } catch {
      // Not made yet: nothing to read.
    }
    let place = 0;
    for (const name of names) {
      if (!name.endsWith('.jsonl')) continue;
      if (!this.dropped.has(name)) this.readNew(name, place);
      place++;
    }
    this.onPoll?.(this.ended);
  }

  /** Tests finished so far in this run (test-end events parsed, and past the budget, their lines). */
  get testsEnded(): number {
    return this.ended;
  }

  private stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  /** `place`: how many trace files are listed before this one. */
  private readNew(name: string, place: number): void {
    const file = path.join(this.runDir, name);
    let st;
    try {
      st = statSync(file);
    } catch {
      return;
    }
    let head = this.heads.get(name);
    if (head !== undefined && (head.dev !== st.dev || head.ino !== st.ino || st.size < head.offset)) {
      this.budget.left += head.parsed;
      this.heads.delete(name);
      this.dropped.add(name);
      return;
    }
    // Replaced since the stat: then the read after the run sees another file than this head's and reads it whole.
    try {
      let scan = this.scans.get(name);
      if (scan === undefined && this.budget.left > 0) {
        if (head === undefined) {
          if (!st.isFile()) return;
          head = this.newHead(name, place, st.dev, st.ino);
          this.heads.set(name, head);
        }
        for (const chunk of restOf(file, head.offset, st.size)) {
          head.offset += chunk.length;
          const before = head.parsed;
          head.lines.push(head.decoder.write(chunk));
          this.budget.left -= head.parsed - before;
          if (this.budget.left <= 0) break;
        }
        if (this.budget.left > 0) return;
      }
      // Parsing stopped for good (the budget): the rest is parsed by the read after the run, and only
      // read now to count finished tests when a progress bar wants them.
      if (this.onPoll === null) return;
      if (scan === undefined) this.scans.set(name, (scan = { scanned: head?.offset ?? 0, carry: head?.lines.pending ?? '' }));
      this.countRest(file, scan, st.size);
    } catch {
      // Removed since the stat: the read after the run will not find it either.
    }
  }

  /** Counts the test ends of whole lines past what was parsed. */
  private countRest(file: string, scan: Scan, size: number): void {
    if (scan.scanned >= size) return;
    // Only ASCII is looked for: a character split between two reads cannot hide it.
    const decoder = new StringDecoder('utf8');
    for (const chunk of restOf(file, scan.scanned, size)) {
      scan.scanned += chunk.length;
      const lines = `${scan.carry}${decoder.write(chunk)}`.split('\n');
      scan.carry = lines.pop() ?? '';
      for (const line of lines) if (line.includes(TEST_END)) this.ended++;
    }
  }

  private newHead(name: string, place: number, dev: number, ino: number): FileHead {
    // The same `where` as read-run.ts gives the file, so warnings read the same either way.
    const where = path.join('traces', this.runName, name);
    const lines = new TraceLines(where, (e) => head.sink(e));
    const head: FileHead = {
      lines,
      decoder: new StringDecoder('utf8'),
      fold: new FileFold(place, REORDER_WINDOW, where, this.redact, () => lines.header),
      parsed: 0, offset: 0, dev, ino,
      sink: (e: TraceEvent) => {
        head.parsed++;
        if (e.ev === 'test-end') this.ended++;
        head.fold.take(this.redact(e));
      },
    };
    return head;
  }
}

/** The runs of one `flakescope run` being followed, by run folder name, sharing one event budget. */
export class FollowedRuns {
  private readonly runs = new Map<string, RunFollower>();
  private readonly budget: Budget = { left: FOLLOW_MAX_EVENTS };

  /** `tracesDir`: <out>/traces. */
  constructor(readonly tracesDir: string) {}

  /** Follows run `index` until `running` settles; `knownSecrets`: what the child's env makes secret (redacted as parsed). */
  follow(index: number, knownSecrets: readonly string[], running: Promise<unknown>): RunFollower {
    const follower = new RunFollower(path.join(this.tracesDir, String(index)), String(index), knownSecrets, this.budget);
    this.runs.set(String(index), follower);
    follower.follow(running);
    return follower;
  }

  /** The heads of run `runName`'s files, if it was followed with exactly these secrets (else it is read whole). */
  take(runName: string, knownSecrets: readonly string[]): Map<string, FileHead> | null {
    const follower = this.runs.get(runName);
    if (follower === undefined) return null;
    this.runs.delete(runName);
    const heads = follower.finish();
    return sameSecrets(follower.knownSecrets, knownSecrets) ? heads : null;
  }

  has(runName: string): boolean {
    return this.runs.has(runName);
  }
}

const sameSecrets = (a: readonly string[], b: readonly string[]): boolean => {
  const x = [...a].sort();
  const y = [...b].sort();
  return x.length === y.length && x.every((s, i) => s === y[i]);
};
