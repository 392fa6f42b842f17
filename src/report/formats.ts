// Output formats by name. File formats are written into the output folder; stream formats are printed.
// Each renderer is imported when its format is asked for: JUnit's XML builder alone would add a
// noticeable start-up cost to every run, and a run writes report.json and the terminal summary unless
// told otherwise.
import type { Report } from './model.js';
import type { AttemptsByTest } from './attempts.js';
import type { TestTimeline } from './timeline.js';
import { FORMAT_NAMES, type FormatName } from './format-names.js';

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
  /** --verbose: the terminal prints each finding's full message under its one-line summary. */
  verbose?: boolean;
}

type Render = (report: Report, ctx: RenderContext) => Promise<string>;

export type Format = { kind: 'file'; fileName: string; render: Render } | { kind: 'stream'; render: Render };

export const FORMATS = {
  terminal: { kind: 'stream', render: async (report, ctx) => (await import('./terminal.js')).renderTerminal(report, ctx) },
  json: { kind: 'file', fileName: 'report.json', render: async (report) => (await import('./json.js')).renderJson(report) },
  junit: {
    kind: 'file',
    fileName: 'junit.xml',
    render: async (report, ctx) => (await import('./junit.js')).renderJunit(report, ctx.attempts ? { attempts: ctx.attempts } : {}),
  },
  sarif: { kind: 'file', fileName: 'report.sarif', render: async (report) => (await import('./sarif.js')).renderSarif(report) },
  html: {
    kind: 'file',
    fileName: 'report.html',
    render: async (report, ctx) => (await import('./html.js')).renderHtml(report, {
      ...(ctx.timelines ? { timelines: ctx.timelines } : {}),
      ...(ctx.undrawn ? { undrawn: ctx.undrawn } : {}),
      ...(ctx.sources ? { sources: ctx.sources } : {}),
      ...(ctx.knownSecrets ? { knownSecrets: ctx.knownSecrets } : {}),
    }),
  },
  md: { kind: 'file', fileName: 'report.md', render: async (report) => (await import('./markdown.js')).renderMarkdown(report) },
} satisfies Record<FormatName, Format>;

export { FORMAT_NAMES, type FormatName };
