// Which of a test's sleep sites ran on different threads (or greenthreads): their sleeps ran side by
// side, or on threads of their own. Those are the pairs a race can hide between (the waiter against
// the sleeper), so they are also scaled in opposite directions.
import type { TestAttempt } from '../trace/outcomes.js';

function onDifferentThreads(a: TestAttempt, x: string, y: string): boolean {
  const sx = a.sleeps.get(x);
  const sy = a.sleeps.get(y);
  if (!sx || !sy) return false;
  const tx = new Set(sx.spans.map((s) => s.thread));
  if (sy.spans.every((s) => !tx.has(s.thread))) return true;
  // Two sites of one thread cannot sleep at once: an overlap means two greenthreads the id missed.
  return sx.spans.some((p) => sy.spans.some((q) => p.start < q.end && q.start < p.end));
}

/** The sites of `candidates` that slept on another thread than `key` in some execution. */
export function concurrentWith(attempts: TestAttempt[], key: string, candidates: readonly string[]): string[] {
  return candidates.filter((k) => k !== key && attempts.some((a) => onDifferentThreads(a, key, k)));
}
