// One run folder of traces, read file by file: each file streamed line by line, every event redacted
// as it is read, put back in time order and folded (fold.ts), so memory holds what the analyses
// need, never every event. Tolerance rules are in lines.ts.
import { closeSync, openSync, readSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import type { Dirent } from 'node:fs';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { FileFold } from './file-fold.js';
import type { FileHead } from './follow.js';
import { ProcessFold, type FoldedProcess } from './fold.js';
import { foldWhole, type ProcessTrace, type RunTrace } from './run-index.js';
import { TraceLines, type TraceWarning } from './lines.js';
import { makeJsonRedactor } from './redact.js';
import { REORDER_WINDOW } from './reorder.js';
import type { TraceEvent } from './schema.js';

export interface ReadOptions {
  /** Values redacted wherever they appear, on top of the redaction rules (see redact.ts). */
  knownSecrets?: readonly string[];
  /** Events held back to restore time order (tests make it small to force a whole-file read). */
  reorderWindow?: number;
}

/** Bytes read at a time: large enough that per-chunk overhead is negligible, and a chunk's text under
 *  V8's large-object size (128 KB): a larger string is allocated in pages of its own, which made
 *  decoding 256 KB chunks ~25x slower than 64 KB ones here (400 vs 14 ms for 70 MB). A smaller file
 *  gets a buffer of its own size (tornado's suite leaves ~60 traces of ~400 bytes). */
const READ_CHUNK_BYTES = 64 * 1024;

const isTraceFile = (name: string): boolean => name.endsWith('.jsonl');

export async function listDir(dir: string): Promise<Dirent[]> {
  try {
    return (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch {
    return [];
  }
}

/** One trace file given whole as text, its events in file order (unredacted), or null when skipped. */
export function parseTraceText(text: string, where: string, warnings: TraceWarning[], newer: string[] = []): ProcessTrace | null {
  const events: TraceEvent[] = [];
  const lines = new TraceLines(where, (e) => events.push(e));
  lines.push(text);
  return lines.end(warnings, newer) === 'ok' && lines.header !== null ? { file: where, header: lines.header, events } : null;
}

type Redact = <T>(value: T) => T;

/** The rest of `file` from byte `from` on, in chunks of one reused buffer (each is decoded before the next
 *  read). Synchronous: with promise-based reads the parser waited for each chunk, ~7% of the time of
 *  a 200 MB trace here. */
export function* restOf(file: string, from: number, size: number): Iterable<Buffer> {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(Math.min(READ_CHUNK_BYTES, Math.max(size - from, 1)));
    for (let at = from; ;) {
      const n = readSync(fd, buf, 0, buf.length, at);
      if (n === 0) return;
      at += n;
      yield buf.subarray(0, n);
    }
  } finally {
    closeSync(fd);
  }
}

/** Streams one file into a fold; null when the file is skipped, 'whole' when it was too disordered to fold as it streamed.
 *  `head`: the part already parsed and folded while the run was writing it (follow.ts), continued from
 *  where it stopped when it was folded as this process and with this window (else read from the start). */
async function streamFile(file: string, where: string, proc: number, redact: Redact, window: number, warnings: TraceWarning[], newer: string[], head?: FileHead): Promise<FoldedProcess | null | 'whole'> {
  const st = await stat(file);
  const usable = head !== undefined && head.dev === st.dev && head.ino === st.ino && head.offset <= st.size && head.fold.proc === proc && head.fold.window === window ? head : undefined;
  // Takes events already redacted.
  const lines = usable?.lines ?? new TraceLines(where, (e) => folding.take(redact(e)));
  const decoder = usable?.decoder ?? new StringDecoder('utf8');
  const folding = usable?.fold ?? new FileFold(proc, window, where, redact, () => lines.header);
  if (usable !== undefined) usable.sink = (e) => folding.take(redact(e));
  for (const chunk of restOf(file, usable?.offset ?? 0, st.size)) {
    lines.push(decoder.write(chunk));
    // A turn of the event loop after each chunk (no I/O wait): V8 runs its incremental GC steps there;
    // without them the 10M-event check peaked at ~270 instead of ~210 MiB.
    await new Promise(setImmediate);
  }
  lines.push(decoder.end());
  const fileWarnings: TraceWarning[] = [];
  const fileNewer: string[] = [];
  const verdict = lines.end(fileWarnings, fileNewer);
  if (folding.overflow && verdict === 'ok') return 'whole';
  warnings.push(...fileWarnings);
  newer.push(...fileNewer);
  if (verdict !== 'ok' || lines.header === null) return null;
  return folding.finish() ?? new ProcessFold(proc, redact(where), redact(lines.header)).finish();
}

/** Reads one run folder's trace files into `warnings`/`newer`; `heads`: its files as far as parsed while it ran (follow.ts). */
export async function readRunDir(tracesDir: string, runName: string, opts: ReadOptions, warnings: TraceWarning[], newer: string[], heads?: ReadonlyMap<string, FileHead>): Promise<RunTrace> {
  const runDir = path.join(tracesDir, runName);
  const redact = makeJsonRedactor(opts.knownSecrets ?? [], { inPlace: true });
  const processes: FoldedProcess[] = [];
  for (const fileEntry of await listDir(runDir)) {
    const fileName = fileEntry.name;
    const rel = path.join('traces', runName, fileName);
    if (!fileEntry.isFile() || !isTraceFile(fileName)) {
      warnings.push({ where: rel, message: 'not a .jsonl trace file, ignored' });
      continue;
    }
    const file = path.join(runDir, fileName);
    let folded: FoldedProcess | null | 'whole';
    try {
      folded = await streamFile(file, rel, processes.length, redact, opts.reorderWindow ?? REORDER_WINDOW, warnings, newer, heads?.get(fileName));
      if (folded === 'whole') {
        // Events too far out of time order to reorder as they stream: sort the whole file instead.
        const whole = parseTraceText(await readFile(file, 'utf8'), rel, warnings, newer);
        folded = whole === null ? null : foldWhole(redact(whole), processes.length);
      }
    } catch (err) {
      warnings.push({ where: rel, message: `cannot read: ${(err as Error).message}` });
      continue;
    }
    if (folded !== null) processes.push(folded);
  }
  return { index: Number(runName), processes };
}

