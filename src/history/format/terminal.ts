// `flakescope history` as text: one block per test, most flaky first, then quarantine candidates.
import { painter, BOLD, DIM, RED, YELLOW } from '../../report/color.js';
import { showControlChars } from '../../report/escape.js';
import { shellLine } from '../../report/shell-line.js';
import type { Reproduce } from '../../check/reproduce.js';
import { percent, shortCommit, type HistoryResult } from '../result.js';
import type { HistoryTest } from '../rank.js';

/** User text (test ids, messages) with control characters made visible. */
const clean = (s: string): string => showControlChars(s);
const isReproduce = (r: unknown): r is Reproduce => typeof r === 'object' && r !== null && Array.isArray((r as Reproduce).argv) && typeof (r as Reproduce).cwd === 'string';

function testBlock(t: HistoryTest, rank: number, paint: ReturnType<typeof painter>): string[] {
  const rate = `${percent(t.flakeRate)} (${percent(t.interval.low)}–${percent(t.interval.high)})`;
  const head = t.verdict === 'flaky' ? paint(YELLOW, `flaky ${rate}`) : paint(RED, 'failing (never both passed and failed at one commit)');
  const lines = [`${String(rank).padStart(3)}. ${paint(BOLD, clean(t.id))}${t.quarantined ? paint(DIM, ' [quarantined]') : ''}`,
    `     ${head} · ${t.failures} failure(s) in ${t.runs} run(s) · cost ${t.cost.seconds.toFixed(1)} s, ${t.cost.reruns} rerun(s)`];
  if (t.flakySince) lines.push(`     flaky since ${t.flakySince.commit === null ? 'a session outside git' : shortCommit(t.flakySince.commit)}, ${t.flakySince.days} day(s), ${t.flakySince.runs} run(s)`);
  if (t.lastFailure) lines.push(`     last failure ${t.lastFailure.date.slice(0, 16).replace('T', ' ')} at ${shortCommit(t.lastFailure.commit)}${t.lastFailure.message ? `: ${clean(t.lastFailure.message)}` : ''}`);
  for (const f of t.findings) {
    const where = f.site ? `${clean(f.site.file)}:${f.site.line} ` : '';
    lines.push(`     ${where}${f.severity} ${f.kind}${f.role === 'victim' ? ' (affects this test)' : ''}: ${clean(f.message)}`);
    if (isReproduce(f.reproduce)) lines.push(paint(DIM, `       reproduce: ${clean(shellLine(f.reproduce))}`));
  }
  return lines;
}

export function renderHistoryTerminal(result: HistoryResult, color: boolean): string {
  const paint = painter(color);
  const window = result.since === null ? 'all history' : `since ${result.since.slice(0, 10)}`;
  const out = [`flakescope history: ${result.tests.length} test(s) failed, ${window}, ${result.records} record(s) in ${result.store}`];
  if (result.tests.length === 0) out.push('  no test failed in this window');
  result.tests.forEach((t, i) => out.push(...testBlock(t, i + 1, paint)));
  const c = result.candidates;
  if (c.tests.length > 0) {
    out.push('', `quarantine candidates (flake rate above ${percent(c.rate)} over at least ${c.minRuns} runs):`);
    for (const t of c.tests) out.push(`  flakescope quarantine add '${t.id.replace(/'/g, `'\\''`)}' --reason 'flaky: ${percent(t.flakeRate)} of ${t.runs} runs'`);
  }
  for (const e of result.quarantine.expired) out.push(paint(YELLOW, `warning: the quarantine of ${clean(e.id)} expired on ${e.until}`));
  return `${out.join('\n')}\n`;
}
