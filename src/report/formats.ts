// Output formats by name. File formats are written into the output folder; stream formats are printed.
import type { Report } from './model.js';
import type { AttemptsByTest } from './attempts.js';
import type { TestTimeline } from './timeline.js';
import { FORMAT_NAMES, type FormatName } from './format-names.js';
import { renderJson } from './json.js';
import { renderTerminal } from './terminal.js';
import { renderJunit } from './junit.js';
import { renderSarif } from './sarif.js';
import { renderHtml } from './html.js';
import { renderMarkdown } from './markdown.js';

/** What the saved traces add beyond report.json: per-run attempts, timelines, source text. */
export interface RenderEvidence {
  attempts?: AttemptsByTest;
  timelines?: ReadonlyArray<{ run: number; tests: readonly TestTimeline[] }>;
  /** Sleeps and patch events counted in the summaries but left out of the timelines (long traces). */
  undrawn?: number;
  /** Source text by site.file, for excerpts around findings. */
  sources?: ReadonlyMap<string, string>;
  /** Values to redact wherever they show up (knownSecretsFromEnv). */
  knownSecrets?: readonly string[];
}

export interface RenderContext extends RenderEvidence {
  color: boolean;
  reportPath?: string;
}

export type Format =
  | { kind: 'file'; fileName: string; render: (report: Report, ctx: RenderContext) => string }
  | { kind: 'stream'; render: (report: Report, ctx: RenderContext) => string };

export const FORMATS = {
  terminal: { kind: 'stream', render: (report, ctx) => renderTerminal(report, ctx) },
  json: { kind: 'file', fileName: 'report.json', render: (report) => renderJson(report) },
  junit: { kind: 'file', fileName: 'junit.xml', render: (report, ctx) => renderJunit(report, ctx.attempts ? { attempts: ctx.attempts } : {}) },
  sarif: { kind: 'file', fileName: 'report.sarif', render: (report) => renderSarif(report) },
  html: {
    kind: 'file',
    fileName: 'report.html',
    render: (report, ctx) => renderHtml(report, {
      ...(ctx.timelines ? { timelines: ctx.timelines } : {}),
      ...(ctx.undrawn ? { undrawn: ctx.undrawn } : {}),
      ...(ctx.sources ? { sources: ctx.sources } : {}),
      ...(ctx.knownSecrets ? { knownSecrets: ctx.knownSecrets } : {}),
    }),
  },
  md: { kind: 'file', fileName: 'report.md', render: (report) => renderMarkdown(report) },
} satisfies Record<FormatName, Format>;

export { FORMAT_NAMES, type FormatName };
