// A plain command line parsed without yargs: known long flags (--name value, --name=value, --flag,
// --no-flag), each once (array flags may repeat), then -- and the command. Loading yargs costs about
// as much as starting Node itself, which `flakescope run` would add before the child's first
// instruction. Whatever this returns, yargs returns too for the same table and config (its test
// compares the two on generated command lines); for anything else (help, version, aliases, values
// that start with "-", every error) it returns null and yargs parses, with yargs' own messages.
import type { InferredOptionTypes, Options } from 'yargs';

/** The parts of a yargs option this parser reproduces; a table using any other part goes to yargs. */
const UNDERSTOOD = new Set(['type', 'array', 'default', 'choices', 'coerce', 'requiresArg', 'describe']);

const LONG_FLAG = /^--([a-z][a-z0-9-]*)(?:=([\s\S]*))?$/;
/** Numbers yargs reads the same way; anything else (1e3, 0x10, -1) is left to yargs. */
const PLAIN_NUMBER = /^\d+(\.\d+)?$/;
/** yargs' negation prefix for boolean flags. */
const NEGATION = 'no-';

export type PlainArgv<O extends Record<string, Options>> = InferredOptionTypes<O> & { '--': string[] };

/** A value flag must require its value, or take one of a list of words (yargs reads a listed word the
 *  same either way, and anything else is an error that yargs words). */
const takesValue = (flag: Options): boolean =>
  flag.requiresArg === true || (flag.type === undefined && (flag.choices as readonly unknown[] | undefined)?.every((c) => typeof c === 'string' && !PLAIN_NUMBER.test(c)) === true);

const understood = (flag: Options): boolean =>
  Object.keys(flag).every((k) => UNDERSTOOD.has(k)) && (flag.coerce === undefined || flag.default === undefined) &&
  (flag.type === 'boolean' ? flag.coerce === undefined : takesValue(flag));

/** One flag's value from its text, or undefined when yargs must judge it. */
function valueOf(flag: Options, text: string | undefined): unknown {
  if (text === undefined || text === '' || text.startsWith('-')) return undefined;
  const value = flag.type === 'number' ? (PLAIN_NUMBER.test(text) ? Number(text) : undefined) : text;
  return flag.choices !== undefined && !(flag.choices as readonly unknown[]).includes(value) ? undefined : value;
}

/** `args` parsed by the flags of `flags` with `config` under them (flags win), or null: let yargs parse. */
export function parsePlainArgv<O extends Record<string, Options>>(args: readonly string[], flags: O, config: Readonly<Record<string, unknown>>): PlainArgv<O> | null {
  const table = new Map<string, Options>(Object.entries(flags));
  if (![...table.values()].every(understood)) return null;
  const end = args.indexOf('--');
  // No command after --: an error, which yargs' parse leads to.
  if (end < 0 || end === args.length - 1) return null;
  const given = new Map<string, unknown>();
  for (let i = 0; i < end; i++) {
    const m = LONG_FLAG.exec(args[i] as string);
    if (m === null) return null;
    let name = m[1] as string;
    const inline = m[2];
    let flag = table.get(name);
    let value: unknown;
    if (flag === undefined) {
      if (!name.startsWith(NEGATION) || inline !== undefined) return null;
      name = name.slice(NEGATION.length);
      flag = table.get(name);
      if (flag?.type !== 'boolean') return null;
      value = false;
    } else if (flag.type === 'boolean') {
      if (inline !== undefined) return null;
      value = true;
    } else {
      value = valueOf(flag, inline ?? (i + 1 < end ? args[++i] : undefined));
      if (value === undefined) return null;
    }
    const before = given.get(name);
    if (before !== undefined && !flag.array) return null;
    given.set(name, flag.array ? [...((before as unknown[] | undefined) ?? []), value] : value);
  }
  for (const [name, value] of Object.entries(config)) {
    const flag = table.get(name);
    if (flag === undefined) return null;
    if (given.has(name)) continue;
    if (flag.choices !== undefined && !(flag.choices as readonly unknown[]).includes(value)) return null;
    given.set(name, flag.array && !Array.isArray(value) ? [value] : value);
  }
  const argv: Record<string, unknown> = { '--': args.slice(end + 1) };
  for (const [name, flag] of table) {
    if (given.has(name)) {
      try {
        argv[name] = flag.coerce ? flag.coerce(given.get(name)) : given.get(name);
      } catch {
        return null;
      }
    } else if (flag.default !== undefined) {
      argv[name] = Array.isArray(flag.default) ? [...(flag.default as unknown[])] : flag.default;
    }
  }
  return argv as PlainArgv<O>;
}
