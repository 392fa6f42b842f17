// Tolerant reader for <dir>/traces/<run>/<pid>.jsonl. Nothing in a trace folder makes it throw:
// torn lines, garbage files, newer versions and malformed events become warnings.
import { readdir, readFile } from 'node:fs/promises';
import type { Dirent } from 'node:fs';
import path from 'node:path';
import { TRACE_VERSION, type HeaderEvent, type TraceEvent } from './schema.js';
import { checkEvent, checkHeader } from './validate.js';

export interface TraceWarning {
  where: string;
  message: string;
}

export interface ProcessTrace {
  /** Path of the trace file, relative to the folder given to readTraces. */
  file: string;
  header: HeaderEvent;
  events: TraceEvent[];
}

export interface RunTrace {
  index: number;
  processes: ProcessTrace[];
}

export interface TraceSet {
  runs: RunTrace[];
  warnings: TraceWarning[];
  /** Trace files skipped because a newer shim wrote them (also in warnings); `check` refuses such folders. */
  newer: string[];
}

/** Per-file cap on line-level warnings: a garbage file should cost one screen, not thousands of lines. */
export const MAX_LINE_WARNINGS_PER_FILE = 5;

const RUN_DIR = /^\d+$/;
const isTraceFile = (name: string): boolean => name.endsWith('.jsonl');
/** UTF-8 decoding replaces invalid bytes with U+FFFD; NUL never appears in JSON text. Either means binary data. */
const looksBinary = (text: string): boolean => text.includes('\u0000') || text.includes('\uFFFD');

async function listDir(dir: string): Promise<Dirent[]> {
  try {
    return (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch {
    return [];
  }
}

export function parseTraceText(text: string, where: string, warnings: TraceWarning[], newer: string[] = []): ProcessTrace | null {
  if (looksBinary(text)) {
    warnings.push({ where, message: 'not a text trace (binary data), skipped' });
    return null;
  }
  const lines = text.split('\n');
  const torn = !text.endsWith('\n');
  if (!torn) lines.pop();
  let header: HeaderEvent | null = null;
  const events: TraceEvent[] = [];
  const unknownKinds = new Set<string>();
  let lineWarnings = 0;
  const warnLine = (lineNo: number, message: string): void => {
    lineWarnings += 1;
    if (lineWarnings <= MAX_LINE_WARNINGS_PER_FILE) warnings.push({ where: `${where}:${lineNo}`, message });
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.trim() === '') continue;
    const lineNo = i + 1;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      const isLast = i === lines.length - 1;
      warnLine(lineNo, isLast && torn ? 'torn last line (the process was probably killed while writing it), skipped' : 'not valid JSON, skipped');
      continue;
    }
    if (header === null) {
      const h = checkHeader(parsed);
      if (h.ok !== true) {
        warnings.push({ where: `${where}:${lineNo}`, message: `${h.ok === false ? h.reason : 'bad header'}; not a flakescope trace, skipped` });
        return null;
      }
      if (h.value.v > TRACE_VERSION) {
        warnings.push({ where, message: `trace version ${h.value.v} is newer than this flakescope reads (${TRACE_VERSION}); upgrade flakescope. File skipped` });
        newer.push(where);
        return null;
      }
      header = h.value;
      continue;
    }
    const e = checkEvent(parsed);
    if (e.ok === true) events.push(e.value);
    else if (e.ok === 'unknown') unknownKinds.add(e.kind);
    else warnLine(lineNo, `${e.reason}; event dropped`);
  }
  if (lineWarnings > MAX_LINE_WARNINGS_PER_FILE) {
    warnings.push({ where, message: `${lineWarnings - MAX_LINE_WARNINGS_PER_FILE} more bad lines not listed` });
  }
  if (header === null) {
    warnings.push({ where, message: 'no header line (empty or truncated trace), skipped' });
    return null;
  }
  // Unknown kinds come from newer shims; they are skipped by design, so they are only noted, once per file.
  if (unknownKinds.size > 0) warnings.push({ where, message: `skipped unknown event kinds: ${[...unknownKinds].sort().join(', ')}` });
  return { file: where, header, events };
}

/** Reads one run folder's trace files into `warnings`/`newer`. */
async function readRunDir(tracesDir: string, runName: string, warnings: TraceWarning[], newer: string[]): Promise<RunTrace> {
  const runDir = path.join(tracesDir, runName);
  const processes: ProcessTrace[] = [];
  for (const fileEntry of await listDir(runDir)) {
    const fileName = fileEntry.name;
    const rel = path.join('traces', runName, fileName);
    if (!fileEntry.isFile() || !isTraceFile(fileName)) {
      warnings.push({ where: rel, message: 'not a .jsonl trace file, ignored' });
      continue;
    }
    let text: string;
    try {
      text = await readFile(path.join(runDir, fileName), 'utf8');
    } catch (err) {
      warnings.push({ where: rel, message: `cannot read: ${(err as Error).message}` });
      continue;
    }
    const proc = parseTraceText(text, rel, warnings, newer);
    if (proc !== null) processes.push(proc);
  }
  return { index: Number(runName), processes };
}

/** Reads run `index` under `<dir>/traces` alone (a run that has finished, while others may follow). */
export async function readRun(dir: string, index: number): Promise<RunTrace> {
  return readRunDir(path.join(dir, 'traces'), String(index), [], []);
}

/** Reads every run folder under `<dir>/traces`. A missing traces folder gives no runs and no warnings. */
export async function readTraces(dir: string): Promise<TraceSet> {
  const warnings: TraceWarning[] = [];
  const newer: string[] = [];
  const runs: RunTrace[] = [];
  const tracesDir = path.join(dir, 'traces');
  for (const runEntry of await listDir(tracesDir)) {
    const runName = runEntry.name;
    if (!runEntry.isDirectory() || !RUN_DIR.test(runName)) {
      warnings.push({ where: path.join('traces', runName), message: 'not a run folder (expected a run number), ignored' });
      continue;
    }
    runs.push(await readRunDir(tracesDir, runName, warnings, newer));
  }
  runs.sort((a, b) => a.index - b.index);
  return { runs, warnings, newer };
}
