// Writes a report in the requested formats: files atomically and owner-only, streams to the given output.
import path from 'node:path';
import { ensurePrivateDir, writeFileAtomic } from '../fs/atomic.js';
import { FORMATS, type Format, type RenderContext, type RenderEvidence } from './formats.js';
import type { Report } from './model.js';

export interface WriteOptions {
  outDir: string;
  formats: string[];
  /** Where stream formats (terminal) go. */
  stream: { write(text: string): unknown };
  color: boolean;
  /** Full finding messages in the terminal (--verbose). */
  verbose?: boolean;
  /** Saved-trace data some formats draw on (JUnit attempts, HTML timelines and sources). */
  evidence?: RenderEvidence;
}

/** Writes every file format first, then the stream formats, so the summary can point at the files. */
export async function writeReport(report: Report, opts: WriteOptions): Promise<string[]> {
  await ensurePrivateDir(opts.outDir);
  const written: string[] = [];
  const chosen = opts.formats.map((name) => {
    const format: Format | undefined = (FORMATS as Record<string, Format>)[name];
    if (!format) throw new Error(`unknown report format "${name}"`);
    return format;
  });
  for (const format of chosen) {
    if (format.kind !== 'file') continue;
    const file = path.join(opts.outDir, format.fileName);
    await writeFileAtomic(file, await format.render(report, { ...opts.evidence, color: false }));
    written.push(file);
  }
  const ctx: RenderContext = { ...opts.evidence, color: opts.color, ...(opts.verbose ? { verbose: true } : {}), reportPath: written.find((f) => f.endsWith('report.json')) ?? written[0] };
  for (const format of chosen) if (format.kind === 'stream') opts.stream.write(await format.render(report, ctx));
  return written;
}
