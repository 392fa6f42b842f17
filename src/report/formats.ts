// Output formats by name. File formats are written into the output folder; stream formats are printed.
import type { Report } from './model.js';
import { renderJson } from './json.js';
import { renderTerminal } from './terminal.js';

export interface RenderContext {
  color: boolean;
  reportPath?: string;
}

export type Format =
  | { kind: 'file'; fileName: string; render: (report: Report, ctx: RenderContext) => string }
  | { kind: 'stream'; render: (report: Report, ctx: RenderContext) => string };

export const FORMATS = {
  json: { kind: 'file', fileName: 'report.json', render: (report) => renderJson(report) },
  terminal: { kind: 'stream', render: (report, ctx) => renderTerminal(report, ctx) },
} satisfies Record<string, Format>;

export type FormatName = keyof typeof FORMATS;
