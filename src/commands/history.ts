// flakescope history: ranks the tests of the recorded history by flake rate (or failure cost), with
// when each became flaky, its last failure and the findings that explain it.
import { existsSync } from 'node:fs';
import picomatch from 'picomatch';
import { UsageError } from '../errors.js';
import { writeFileAtomic } from '../fs/atomic.js';
import { TOOL_VERSION } from '../package-info.js';
import { activeQuarantine, readQuarantine } from '../history/quarantine.js';
import { CANDIDATE_MIN_RUNS, CANDIDATE_RATE, quarantineCandidates, rankTests, type SortBy } from '../history/rank.js';
import { HISTORY_SCHEMA_VERSION, type HistoryResult } from '../history/result.js';
import { describeTarget, openHistory, type HistoryTarget } from '../history/target.js';
import { wantsColor } from '../report/color.js';

export const HISTORY_FORMATS = ['terminal', 'json', 'md', 'html'] as const;
export type HistoryFormat = (typeof HISTORY_FORMATS)[number];

export interface HistoryArgs {
  history: HistoryTarget;
  format: HistoryFormat;
  since?: string;
  test?: string[];
  sort?: SortBy;
  /** Write here instead of stdout. */
  output?: string;
  candidateRate?: number;
  candidateMinRuns?: number;
}

const UNIT_MS: Record<string, number> = { h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };

/** --since: an ISO date (2026-01-31, or with a time) or an age such as 30d, 12h, 2w. */
export function parseSince(value: string, now: number): number {
  const age = /^(\d+)([hdw])$/.exec(value.trim());
  if (age) return now - Number(age[1]) * (UNIT_MS[age[2] as string] as number);
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new UsageError(`--since ${value}: give a date (2026-01-31) or an age (30d, 12h, 2w)`);
  return t;
}

async function render(result: HistoryResult, format: HistoryFormat, color: boolean): Promise<string> {
  switch (format) {
    case 'json':
      return `${JSON.stringify(result, null, 2)}\n`;
    case 'md':
      return (await import('../history/format/markdown.js')).renderHistoryMarkdown(result);
    case 'html':
      return (await import('../history/format/html.js')).renderHistoryHtml(result);
    case 'terminal':
      return (await import('../history/format/terminal.js')).renderHistoryTerminal(result, color);
  }
}

export async function historyCommand(args: HistoryArgs): Promise<number> {
  const now = Date.now();
  const since = args.since === undefined ? null : parseSince(args.since, now);
  const quarantine = activeQuarantine(await readQuarantine(process.cwd()), now);
  const rate = args.candidateRate ?? CANDIDATE_RATE;
  const minRuns = args.candidateMinRuns ?? CANDIDATE_MIN_RUNS;
  const result: HistoryResult = {
    schemaVersion: HISTORY_SCHEMA_VERSION, tool: { name: 'flakescope', version: TOOL_VERSION }, store: describeTarget(args.history),
    generatedAt: new Date(now).toISOString(), since: since === null ? null : new Date(since).toISOString(), filter: args.test ?? [],
    records: 0, tests: [], candidates: { rate, minRuns, tests: [] },
    quarantine: { active: [...quarantine.tests.values()], expired: quarantine.expired },
  };
  // Asking must not create an empty database where none was.
  const empty = args.history.kind === 'sqlite' && !existsSync(args.history.file);
  if (empty) process.stderr.write(`flakescope: no history in ${describeTarget(args.history)} yet: flakescope run and flakescope import junit record it\n`);
  else {
    const store = await openHistory(args.history);
    try {
      const from = since ?? 0;
      result.records = await store.recordCount();
      const matchers = (args.test ?? []).map((g) => picomatch(g, { dot: true }));
      const totals = (await store.totals(from)).filter((t) => matchers.length === 0 || matchers.some((m) => m(t.test)));
      const ids = totals.map((t) => t.test);
      result.tests = rankTests({
        totals, failures: await store.lastFailures(ids, from), findings: await store.findings(from),
        ...(args.format === 'html' ? { trends: await store.trends(ids, from) } : {}),
        quarantine, now, ...(args.sort ? { sortBy: args.sort } : {}),
      });
      result.candidates.tests = quarantineCandidates(result.tests, rate, minRuns);
    } finally {
      await store.close();
    }
  }
  const text = await render(result, args.format, args.output === undefined && wantsColor(process.stdout));
  if (args.output !== undefined) await writeFileAtomic(args.output, text);
  else process.stdout.write(text);
  return 0;
}
