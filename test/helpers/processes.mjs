// Processes left behind by one flakescope invocation: every process it starts (the command, its
// children, CPU stressors) inherits the environment, so a unique marker variable finds them in /proc
// even after they were re-parented to init.
import { readdirSync, readFileSync } from 'node:fs';

/** Environment variable the e2e helpers set on each flakescope invocation. */
export const MARKER_VAR = 'FLAKESCOPE_E2E_MARKER';

/** Live processes (pid and command line) whose environment has MARKER_VAR=marker. Linux only. */
export function processesMarked(marker) {
  const needle = `${MARKER_VAR}=${marker}`;
  const found = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const environ = readFileSync(`/proc/${name}/environ`, 'latin1').split('\0');
      if (!environ.includes(needle)) continue;
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // Zombies are dead already: only their exit status waits to be collected by their parent.
      if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) continue;
      found.push({ pid: Number(name), cmdline: readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').join(' ').trim() });
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return found;
}
