// Which of a test's sleep sites slept side by side with another: their sleeps overlapped in time, so
// they ran on different threads (or greenthreads, or asyncio tasks) at once. Those are the pairs a
// race hides between (the waiter against the sleeper it waits for), so they are also scaled in
// opposite directions. Sleeps of two threads that never overlap are each judged alone: scaling
// them against each other would cost runs for every pair of threads a suite ever starts.
import type { TestAttempt } from '../trace/outcomes.js';

function sideBySide(a: TestAttempt, x: string, y: string): boolean {
  const sx = a.sleeps.get(x)?.spans ?? [];
  const sy = a.sleeps.get(y)?.spans ?? [];
  // One thread cannot sleep twice at once (a sleep inside another is reported once, by the shim).
  return sx.some((p) => sy.some((q) => p.start < q.end && q.start < p.end));
}

/** The sites of `candidates` that slept side by side with `key` in some execution. */
export function concurrentWith(attempts: TestAttempt[], key: string, candidates: readonly string[]): string[] {
  return candidates.filter((k) => k !== key && attempts.some((a) => sideBySide(a, key, k)));
}
