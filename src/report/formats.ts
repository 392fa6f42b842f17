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

/** load: imports the renderer's module (run calls it while the tests run, so rendering waits for no import). */
export type Format = ({ kind: 'file'; fileName: string } | { kind: 'stream' }) & { load: () => Promise<unknown>; render: Render };

const terminal = () => import('./terminal.js');
const json = () => import('./json.js');
const junit = () => import('./junit.js');
const sarif = () => import('./sarif.js');
const html = () => import('./html.js');
const markdown = () => import('./markdown.js');

export const FORMATS = {
  terminal: { kind: 'stream', load: terminal, render: async (report, ctx) => (await terminal()).renderTerminal(report, ctx) },
  json: { kind: 'file', fileName: 'report.json', load: json, render: async (report) => (await json()).renderJson(report) },
  junit: {
    kind: 'file',
    fileName: 'junit.xml',
    load: junit,
    render: async (report, ctx) => (await junit()).renderJunit(report, ctx.attempts ? { attempts: ctx.attempts } : {}),
  },
  sarif: { kind: 'file', fileName: 'report.sarif', load: sarif, render: async (report) => (await sarif()).renderSarif(report) },
  html: {
    kind: 'file',
    fileName: 'report.html',
    load: html,
    render: async (report, ctx) => (await html()).renderHtml(report, {
      ...(ctx.timelines ? { timelines: ctx.timelines } : {}),
      ...(ctx.undrawn ? { undrawn: ctx.undrawn } : {}),
      ...(ctx.sources ? { sources: ctx.sources } : {}),
      ...(ctx.knownSecrets ? { knownSecrets: ctx.knownSecrets } : {}),
    }),
  },
  md: { kind: 'file', fileName: 'report.md', load: markdown, render: async (report) => (await markdown()).renderMarkdown(report) },
} satisfies Record<FormatName, Format>;

export { FORMAT_NAMES, type FormatName };
