// The sequence of what a test execution did (one signature per event, without timings), kept
// compressed: a loop that patches and sleeps a million times is a short repeating unit and a count.
// Divergence (check/divergence.ts) walks two trails side by side to find where they part.
import type { TraceEvent } from './schema.js';

/** Longest repeating unit looked for: a loop body of up to this many events (patch, sleeps, stop...). */
export const MAX_UNIT = 16;
/** Copies of a unit that make a repetition: two would lock onto a short unit that a longer loop body
 *  (one that alternates, say) happens to repeat twice, and then break on the next event. */
const MIN_REPEATS = 3;

/** What an event is, without its timing: kind, site and the fields that identify it. */
export function signature(e: TraceEvent & { proc?: number }): string {
  const site = 'site' in e && e.site ? ` ${e.site.file}:${e.site.line}` : '';
  switch (e.ev) {
    case 'test-end': return `test-end ${e.outcome}`;
    case 'patch-start': return `patch-start ${e.target}${site}`;
    case 'fixture-setup': return `fixture-setup ${e.fixture}${site}`;
    case 'sleep': return `sleep ${e.api}${site}`;
    default: return `${e.ev}${site}`;
  }
}

/** `unit` repeated `reps` times, then its first `partial` items; a literal run is one unit, once. */
interface Block {
  unit: string[];
  reps: number;
  partial: number;
}

export class Trail {
  private readonly blocks: Block[] = [];
  /** Literal items after the last block, where a new repetition is looked for. */
  private literal: string[] = [];
  length = 0;

  push(item: string): void {
    this.length += 1;
    const last = this.blocks[this.blocks.length - 1];
    if (this.literal.length === 0 && last !== undefined && last.reps > 1) {
      if (last.unit[last.partial] === item) {
        last.partial += 1;
        if (last.partial === last.unit.length) {
          last.reps += 1;
          last.partial = 0;
        }
        return;
      }
    }
    this.literal.push(item);
    this.fold();
  }

  /** Turns a literal tail that ends in MIN_REPEATS copies of a unit into a repeating block. */
  private fold(): void {
    const lit = this.literal;
    const n = lit.length;
    for (let p = 1; p <= MAX_UNIT && MIN_REPEATS * p <= n; p++) {
      if (lit[n - 1] !== lit[n - 1 - p]) continue;
      let i = 2;
      while (i <= (MIN_REPEATS - 1) * p && lit[n - i] === lit[n - i - p]) i++;
      if (i <= (MIN_REPEATS - 1) * p) continue;
      if (n > MIN_REPEATS * p) this.blocks.push({ unit: lit.slice(0, n - MIN_REPEATS * p), reps: 1, partial: 0 });
      this.blocks.push({ unit: lit.slice(n - p), reps: MIN_REPEATS, partial: 0 });
      this.literal = [];
      return;
    }
  }

  /** Items actually held (units and literals): what the trail costs in memory. */
  get stored(): number {
    return this.blocks.reduce((n, b) => n + b.unit.length, 0) + this.literal.length;
  }

  *[Symbol.iterator](): Generator<string> {
    for (const b of this.blocks) {
      for (let r = 0; r < b.reps; r++) yield* b.unit;
      for (let i = 0; i < b.partial; i++) yield b.unit[i] as string;
    }
    yield* this.literal;
  }
}
