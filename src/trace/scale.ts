// The sleep scale a perturbation applies at one sleep site, decided once for every reader (timing
// verdicts, the rerun planner) with the same rule as the shim's perturb.sleep_scale:
// a FLAKESCOPE_SLEEP_SITES entry for the site wins; otherwise the global scale applies to sites
// inside the sleep scope (all sites when there is none); everything else sleeps at 1x.
import type { Perturbation, Site } from './schema.js';
import { isPlain } from './outcomes.js';

/** "<site.file>:<site.line>", the key of FLAKESCOPE_SLEEP_SITES and of the sleep judgements. */
export const siteKey = (s: Pick<Site, 'file' | 'line'>): string => `${s.file}:${s.line}`;

/** The file of a site key (files may contain ':', lines never do). */
const fileOfKey = (key: string): string => key.slice(0, key.lastIndexOf(':'));

/** A site file is in scope when it is the scope or ends with "/" + scope: a path-segment suffix, so
 *  "t.py" matches "tests/t.py" but not "test_t.py". Mirrored by the shim's perturb.in_sleep_scope. */
export function inSleepScope(file: string, scope: string | undefined): boolean {
  return scope === undefined || file === scope || file.endsWith(`/${scope}`);
}

/** The effective scale of `p` at the site `key` ("file:line"); 1 = not scaled. */
export function scaleAt(p: Perturbation, key: string): number {
  const own = p.sleepSites?.[key];
  if (own !== undefined) return own;
  return inSleepScope(fileOfKey(key), p.sleepScope) ? (p.sleepScale ?? 1) : 1;
}

/** Only sleep scaling differs from plain: jitter, noise and reordering would muddy which site decided. */
export function onlySleepScaled(p: Perturbation): boolean {
  const { sleepScale: _s, sleepSites: _ss, ...rest } = p;
  return isPlain(rest as Perturbation);
}
