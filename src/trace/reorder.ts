// Puts one process's events back in time order as they stream. The shim writes events in nearly
// time order (threads may interleave a little), so a small window suffices; an event that would
// belong before what already left the window says the file is more disordered than that, and the
// caller reads that file whole instead (exact either way).
import type { TraceEvent } from './schema.js';

/** Events held back for reordering: more than threads interleave within one GIL switch (5 ms of
 *  events at a few µs each is ~2,000), few enough that held events still die young in the GC. */
export const REORDER_WINDOW = 2048;

export class Reorder {
  private buf: TraceEvent[] = [];
  private head = 0;
  private lastOutT = Number.NEGATIVE_INFINITY;
  /** Set when an event came later than the window allows. */
  overflow = false;

  constructor(private readonly out: (e: TraceEvent) => void, private readonly window = REORDER_WINDOW) {}

  push(e: TraceEvent): void {
    if (e.t < this.lastOutT) {
      this.overflow = true;
      return;
    }
    const buf = this.buf;
    let i = buf.length;
    // Ties keep file order, as a stable sort by t would.
    while (i > this.head && (buf[i - 1] as TraceEvent).t > e.t) i--;
    if (i === buf.length) buf.push(e);
    else buf.splice(i, 0, e);
    if (buf.length - this.head > this.window) this.emit(buf[this.head++] as TraceEvent);
    if (this.head > this.window) {
      this.buf = buf.slice(this.head);
      this.head = 0;
    }
  }

  /** Hands on what is left, in order. */
  flush(): void {
    for (let i = this.head; i < this.buf.length; i++) this.emit(this.buf[i] as TraceEvent);
    this.buf = [];
    this.head = 0;
  }

  private emit(e: TraceEvent): void {
    this.lastOutT = e.t;
    this.out(e);
  }
}
