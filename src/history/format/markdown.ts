// `flakescope history --format md`: a table for a PR comment or a wiki page, then each test's evidence.
import { escapeMarkdown, escapeMarkdownCell } from '../../report/escape.js';
import { percent, shortCommit, type HistoryResult } from '../result.js';

export function renderHistoryMarkdown(result: HistoryResult): string {
  const window = result.since === null ? 'all history' : `since ${result.since.slice(0, 10)}`;
  const out = [`## flakescope history`, '', `${result.tests.length} test(s) failed, ${window}, over ${result.records} record(s).`, ''];
  if (result.tests.length > 0) {
    out.push('| # | test | flake rate (95%) | runs | failures | cost | flaky since | last failure |', '| --- | --- | --- | --- | --- | --- | --- | --- |');
    result.tests.forEach((t, i) => {
      const since = t.flakySince ? `\`${shortCommit(t.flakySince.commit)}\`, ${t.flakySince.days} d, ${t.flakySince.runs} runs` : '';
      const last = t.lastFailure ? `${t.lastFailure.date.slice(0, 10)} \`${shortCommit(t.lastFailure.commit)}\`` : '';
      const rate = t.verdict === 'flaky' ? `${percent(t.flakeRate)} (${percent(t.interval.low)}–${percent(t.interval.high)})` : 'failing';
      out.push(`| ${i + 1} | ${escapeMarkdownCell(t.id)}${t.quarantined ? ' (quarantined)' : ''} | ${rate} | ${t.runs} | ${t.failures} | ${t.cost.seconds.toFixed(1)} s, ${t.cost.reruns} reruns | ${since} | ${last} |`);
    });
    for (const t of result.tests.filter((x) => x.findings.length > 0)) {
      out.push('', `### ${escapeMarkdown(t.id)}`, '');
      for (const f of t.findings) {
        const where = f.site ? `${escapeMarkdown(f.site.file)}:${f.site.line} ` : '';
        out.push(`- ${where}**${f.severity} ${f.kind}**${f.role === 'victim' ? ' (affects this test)' : ''}: ${escapeMarkdown(f.message)}`);
      }
    }
  }
  if (result.candidates.tests.length > 0) {
    out.push('', `Quarantine candidates (flake rate above ${percent(result.candidates.rate)} over at least ${result.candidates.minRuns} runs): ${result.candidates.tests.map((t) => escapeMarkdown(t.id)).join(', ')}`);
  }
  return `${out.join('\n')}\n`;
}
