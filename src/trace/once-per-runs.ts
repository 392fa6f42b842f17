// Analyses ask each other the same questions (flaky asks timing and order, timing asks order, the
// verdicts ask timing): each answer stays a pure function of the runs, worked out once per runs array.
import type { IndexedRun } from './run-index.js';

/** fn, remembered per runs array (held weakly: a finished analysis's runs are not kept alive). Callers
 *  must not change what it returns. */
export function oncePerRuns<T>(fn: (runs: IndexedRun[]) => T): (runs: IndexedRun[]) => T {
  const answers = new WeakMap<IndexedRun[], T>();
  return (runs) => {
    if (answers.has(runs)) return answers.get(runs) as T;
    const answer = fn(runs);
    answers.set(runs, answer);
    return answer;
  };
}
