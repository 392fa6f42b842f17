// The tolerance rules for one trace file, fed as text chunks (a stream) or one string: torn last line,
// binary data, newer versions, bad headers, malformed events and unknown kinds become warnings,
// capped per file. Events are handed on one at a time, so a caller can fold them as they come.
import { TRACE_VERSION, type HeaderEvent, type TraceEvent } from './schema.js';
import { checkEvent, checkHeader } from './validate.js';

export interface TraceWarning {
  where: string;
  message: string;
}

/** Per-file cap on line-level warnings: a garbage file should cost one screen, not thousands of lines. */
export const MAX_LINE_WARNINGS_PER_FILE = 5;

/** UTF-8 decoding replaces invalid bytes with U+FFFD; NUL never appears in JSON text. Either means binary data. */
export const looksBinary = (text: string): boolean => text.includes('\u0000') || text.includes('\uFFFD');

export type FileVerdict = 'ok' | 'skipped' | 'newer';

export class TraceLines {
  /** Warnings of this file, kept apart until the end: a binary file found late gives only its own. */
  readonly warnings: TraceWarning[] = [];
  header: HeaderEvent | null = null;
  private binary = false;
  /** Set when the file is decided skipped (bad header, newer version): the rest is only scanned for binary data. */
  private stopped: FileVerdict | null = null;
  private rest = '';
  private lineNo = 0;
  private lineWarnings = 0;
  private readonly unknownKinds = new Set<string>();

  constructor(readonly where: string, private readonly onEvent: (e: TraceEvent) => void) {}

  /** Feeds the next decoded text of the file. */
  /** The start of a line not ended yet. */
  get pending(): string {
    return this.rest;
  }

  push(text: string): void {
    if (this.binary) return;
    if (looksBinary(text)) {
      this.binary = true;
      return;
    }
    if (this.stopped !== null) return;
    let from = 0;
    let nl = text.indexOf('\n');
    if (nl !== -1 && this.rest !== '') {
      this.line(this.rest + text.slice(0, nl), false);
      this.rest = '';
      from = nl + 1;
      nl = text.indexOf('\n', from);
    }
    while (nl !== -1 && this.stopped === null) {
      this.line(text.slice(from, nl), false);
      from = nl + 1;
      nl = text.indexOf('\n', from);
    }
    if (this.stopped === null) this.rest += text.slice(from);
  }

  /** The file ended: what became of it, with its warnings added to `warnings` (and `newer`). */
  end(warnings: TraceWarning[], newer: string[]): FileVerdict {
    if (this.binary) {
      warnings.push({ where: this.where, message: 'not a text trace (binary data), skipped' });
      return 'skipped';
    }
    // A file that does not end in a newline has a torn last line (the text after the last newline).
    if (this.stopped === null && this.rest !== '') this.line(this.rest, true);
    else if (this.stopped === null) this.lineNo += 1;
    warnings.push(...this.warnings);
    if (this.stopped === 'newer') newer.push(this.where);
    if (this.stopped !== null) return this.stopped;
    if (this.lineWarnings > MAX_LINE_WARNINGS_PER_FILE) {
      warnings.push({ where: this.where, message: `${this.lineWarnings - MAX_LINE_WARNINGS_PER_FILE} more bad lines not listed` });
    }
    if (this.header === null) {
      warnings.push({ where: this.where, message: 'no header line (empty or truncated trace), skipped' });
      return 'skipped';
    }
    // Unknown kinds come from newer shims; they are skipped by design, so they are only noted, once per file.
    if (this.unknownKinds.size > 0) warnings.push({ where: this.where, message: `skipped unknown event kinds: ${[...this.unknownKinds].sort().join(', ')}` });
    return 'ok';
  }

  private warnLine(message: string): void {
    this.lineWarnings += 1;
    if (this.lineWarnings <= MAX_LINE_WARNINGS_PER_FILE) this.warnings.push({ where: `${this.where}:${this.lineNo}`, message });
  }

  private line(line: string, tornLast: boolean): void {
    this.lineNo += 1;
    if (line.trim() === '') return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      this.warnLine(tornLast ? 'torn last line (the process was probably killed while writing it), skipped' : 'not valid JSON, skipped');
      return;
    }
    if (this.header === null) {
      const h = checkHeader(parsed);
      if (h.ok !== true) {
        this.warnings.push({ where: `${this.where}:${this.lineNo}`, message: `${h.ok === false ? h.reason : 'bad header'}; not a flakescope trace, skipped` });
        this.stopped = 'skipped';
      } else if (h.value.v > TRACE_VERSION) {
        this.warnings.push({ where: this.where, message: `trace version ${h.value.v} is newer than this flakescope reads (${TRACE_VERSION}); upgrade flakescope. File skipped` });
        this.stopped = 'newer';
      } else {
        this.header = h.value;
      }
      return;
    }
    const e = checkEvent(parsed);
    if (e.ok === true) this.onEvent(e.value);
    else if (e.ok === 'unknown') this.unknownKinds.add(e.kind);
    else this.warnLine(`${e.reason}; event dropped`);
  }
}
