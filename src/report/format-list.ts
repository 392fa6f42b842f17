// Parses --format LIST ("json,junit html" or repeated flags) into known format names, in order, once each.
import { UsageError } from '../errors.js';
import { FORMAT_NAMES, type FormatName } from './format-names.js';

const isFormatName = (name: string): name is FormatName => (FORMAT_NAMES as readonly string[]).includes(name);

export function parseFormatList(values: string | readonly string[]): FormatName[] {
  const names = (typeof values === 'string' ? [values] : values)
    .flatMap((v) => v.split(/[\s,]+/))
    .map((v) => v.trim().toLowerCase())
    .filter((v) => v !== '');
  if (names.length === 0) throw new UsageError(`--format needs at least one of ${FORMAT_NAMES.join(',')}`);
  const unknown = names.filter((n) => !isFormatName(n));
  if (unknown.length > 0) {
    throw new UsageError(`unknown report format ${unknown.map((n) => `"${n}"`).join(', ')}; choose from ${FORMAT_NAMES.join(',')}`);
  }
  return [...new Set(names as FormatName[])];
}

/** run and check always write report.json (the contract other tools read), whatever else is asked. */
export function formatsForGate(values: readonly string[] | undefined): { formats?: FormatName[] } {
  if (values === undefined) return {};
  const formats = parseFormatList(values);
  return { formats: formats.includes('json') ? formats : [...formats, 'json'] };
}
