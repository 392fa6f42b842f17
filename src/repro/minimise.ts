// Delta debugging (Zeller's ddmin) over a reproducer's components: drop chunks of them, then single
// ones, while the failure stays. `stillFails` is injected (a replay in practice), so this file is pure.

export type StillFails<T> = (kept: readonly T[]) => Promise<boolean>;

const chunks = <T>(list: readonly T[], n: number): T[][] => {
  const size = Math.ceil(list.length / n);
  return Array.from({ length: Math.ceil(list.length / size) }, (_, i) => list.slice(i * size, (i + 1) * size));
};

/** A 1-minimal subset of `components` (removing any single one makes the failure go away) on which
 *  stillFails holds; `components` itself when it does not fail as a whole. Order is kept. Each subset is
 *  asked about at most once. */
export async function minimise<T>(components: readonly T[], stillFails: StillFails<T>): Promise<T[]> {
  const asked = new Map<string, boolean>();
  const test = async (subset: T[]): Promise<boolean> => {
    const key = subset.map((c) => components.indexOf(c)).join(',');
    const known = asked.get(key);
    if (known !== undefined) return known;
    const result = await stillFails(subset);
    asked.set(key, result);
    return result;
  };
  let current = [...components];
  if (current.length === 0 || !(await test(current))) return current;
  let n = 2;
  while (current.length >= 2) {
    const parts = chunks(current, Math.min(n, current.length));
    let reduced = false;
    for (const part of parts) {
      if (await test(part)) {
        current = part;
        n = 2;
        reduced = true;
        break;
      }
    }
    if (!reduced) {
      for (const part of parts) {
        const complement = current.filter((c) => !part.includes(c));
        if (await test(complement)) {
          current = complement;
          n = Math.max(n - 1, 2);
          reduced = true;
          break;
        }
      }
    }
    if (!reduced) {
      if (n >= current.length) break;
      n = Math.min(current.length, n * 2);
    }
  }
  // ddmin never tries the empty set: the failure may need no component at all (e.g. a plain flake).
  if (current.length === 1 && (await test([]))) return [];
  return current;
}
