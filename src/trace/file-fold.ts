// One trace file's events, redacted, put back in time order (reorder.ts) and folded (fold.ts) as they
// are parsed: by the follower while the run writes the file (follow.ts), then by the read after the
// run (read-run.ts), which goes on with the same fold.
import { ProcessFold, type FoldedProcess } from './fold.js';
import { Reorder } from './reorder.js';
import type { HeaderEvent, TraceEvent } from './schema.js';

type Redact = <T>(value: T) => T;

export class FileFold {
  private fold: ProcessFold | null = null;
  private reorder: Reorder | null = null;

  /** `proc`: the file's place among its run's processes (its events are tagged with it); `header()`:
   *  the file's header, parsed before its first event; `redact`: an in-place redactor. */
  constructor(readonly proc: number, readonly window: number, private readonly where: string, private readonly redact: Redact, private readonly header: () => HeaderEvent | null) {}

  /** The next event in file order, already redacted. */
  take(e: TraceEvent): void {
    if (this.reorder === null) {
      const fold = (this.fold = new ProcessFold(this.proc, this.redact(this.where), this.redact(this.header() as HeaderEvent), true));
      this.reorder = new Reorder((x) => fold.add(x), this.window);
    }
    if (!this.reorder.overflow) this.reorder.push(e);
  }

  /** An event came later than the reorder window allows: the file must be read whole instead. */
  get overflow(): boolean {
    return this.reorder?.overflow ?? false;
  }

  /** The folded process; null when no event came. */
  finish(): FoldedProcess | null {
    if (this.fold === null || this.reorder === null) return null;
    this.reorder.flush();
    return this.fold.finish();
  }
}
