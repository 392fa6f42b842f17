// A reproducer as one line to paste into a POSIX shell: `cd <cwd> && env K=V ... argv`. Built only for
// display; flakescope itself always spawns the argv array.
import type { Reproduce } from '../check/reproduce.js';

/** Words made of these characters mean the same to the shell quoted or not. */
const SAFE_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** One shell word: as it is when safe, else single-quoted ('\'' for a quote inside). */
export function shellQuote(word: string): string {
  return SAFE_WORD.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

export function shellLine(r: Pick<Reproduce, 'argv' | 'env' | 'cwd'>): string {
  const env = Object.entries(r.env).map(([k, v]) => `${k}=${shellQuote(v)}`);
  return ['cd', shellQuote(r.cwd), '&&', 'env', ...env, ...r.argv.map(shellQuote)].join(' ');
}
