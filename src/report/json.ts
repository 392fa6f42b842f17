// report.json: the Report object itself, pretty-printed so diffs and humans can read it.
import type { Report } from './model.js';

export function renderJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
