// A rerun's output, kept in <out>/logs/<run>.log: the command's stdout and stderr come through pipes and
// are redacted line by line, with the reader's rules and the child's secret env values, before they
// reach the file, so a secret a failing test prints never lands on disk (the traces and reports are
// redacted the same way). Lines go to the file in the order they arrive, each stream's own order kept.
import { closeSync, openSync, writeSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';
import { makeRedactor, type Redactor } from '../trace/redact.js';

/** A line longer than this (no newline yet) is redacted and written as it is: output without newlines
 *  (a progress bar, a binary dump) must not be held in memory whole. */
export const MAX_HELD_LINE_CHARS = 64 * 1024;

export class RedactedLog {
  private readonly fd: number;
  private readonly redact: Redactor;
  private readonly held = new Map<Readable, { decoder: StringDecoder; text: string }>();

  /** Opens `file` private (0600) and appending. */
  constructor(file: string, knownSecrets: readonly string[]) {
    this.fd = openSync(file, 'a', 0o600);
    this.redact = makeRedactor(knownSecrets);
  }

  /** Takes every chunk `stream` gives, writing the complete lines at once. */
  attach(stream: Readable): void {
    const state = { decoder: new StringDecoder('utf8'), text: '' };
    this.held.set(stream, state);
    stream.on('data', (chunk: Buffer) => {
      state.text += state.decoder.write(chunk);
      const end = state.text.lastIndexOf('\n') + 1;
      if (end > 0) {
        this.write(state.text.slice(0, end));
        state.text = state.text.slice(end);
      }
      if (state.text.length > MAX_HELD_LINE_CHARS) {
        this.write(state.text);
        state.text = '';
      }
    });
  }

  /** Writes what each stream still holds (a last line without a newline) and closes the file. */
  close(): void {
    try {
      for (const state of this.held.values()) {
        const rest = state.text + state.decoder.end();
        if (rest !== '') this.write(rest);
      }
    } finally {
      this.held.clear();
      closeSync(this.fd);
    }
  }

  private write(text: string): void {
    writeSync(this.fd, this.redact(text));
  }
}
