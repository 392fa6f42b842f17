// Markdown summary for $GITHUB_STEP_SUMMARY and PR comments, and GitHub Actions workflow-command
// annotations (::warning file=..,line=..::message) for the findings.
import type { Finding, Severity } from '../check/finding.js';
import { reproduceOf } from '../check/reproduce.js';
import { fixOf, verificationLine } from '../fix/record.js';
import { shellLine } from './shell-line.js';
import type { Report, TestSummary, Verdict } from './model.js';
import { FINDING_KINDS } from './kinds.js';
import { escapeMarkdown, escapeMarkdownCell, showControlChars } from './escape.js';

const VERDICT_ORDER: readonly Verdict[] = ['fail', 'hang', 'flaky', 'timing-sensitive', 'order-dependent', 'pass', 'skip'];
const SEVERITY_ORDER: readonly Severity[] = ['error', 'warning', 'info'];

function pct(x: number): string {
  return `${(x * 100).toFixed(x > 0 && x < 0.1 ? 1 : 0)}%`;
}

function row(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function table(header: readonly string[], rows: readonly string[][]): string[] {
  return [row(header), row(header.map(() => '---')), ...rows.map(row)];
}

function where(f: Finding): string {
  return f.site ? `${f.site.file}:${f.site.line}` : '';
}

function runsOf(t: TestSummary): number {
  return Object.values(t.outcomes).reduce((a, b) => a + b, 0);
}

export function renderMarkdown(report: Report): string {
  const attention = report.tests.filter((t) => t.verdict !== 'pass' && t.verdict !== 'skip');
  const out: string[] = [];
  out.push(`## flakescope: ${attention.length} of ${report.tests.length} tests need attention, ${report.findings.length} findings`);
  out.push('');
  out.push(`${report.runs.length} run(s) of ${escapeMarkdown(report.command.join(' '))}`);
  out.push('');

  const verdictRows = VERDICT_ORDER.map((v) => [v, String(report.tests.filter((t) => t.verdict === v).length)])
    .filter(([, n]) => n !== '0');
  out.push(...table(['Verdict', 'Tests'], verdictRows), '');

  if (attention.length > 0) {
    out.push('### Tests', '');
    const sorted = [...attention].sort((a, b) => VERDICT_ORDER.indexOf(a.verdict) - VERDICT_ORDER.indexOf(b.verdict)
      || b.failureRate.estimate - a.failureRate.estimate);
    // Plain runs apart from each perturbation: a perturbed failure never shows as a plain one.
    out.push(...table(['Test', 'Verdict', 'Plain: failed / runs', 'Plain failure rate (95% interval)', 'Failed under perturbations'], sorted.map((t) => {
      const plain = t.failureRates?.[0];
      return [
        escapeMarkdownCell(t.id),
        t.quarantined === true ? `${t.verdict} (quarantined)` : t.verdict,
        plain ? `${plain.failed} / ${plain.runs}` : `${t.outcomes.failed + t.outcomes.error + t.outcomes.hang + t.outcomes.crashed} / ${runsOf(t)}`,
        `${pct(t.failureRate.estimate)} (${pct(t.failureRate.low)}–${pct(t.failureRate.high)})`,
        escapeMarkdownCell((t.failureRates ?? []).slice(1).filter((r) => r.failed > 0).map((r) => `${r.condition}: ${r.failed} / ${r.runs}`).join('; ')),
      ];
    })), '');
  }

  if (report.findings.length > 0) {
    out.push('### Findings', '');
    const sorted = [...report.findings].sort((a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity));
    out.push(...table(['Severity', 'Kind', 'Where', 'Test', 'Message'], sorted.map((f) => [
      f.quarantined === true ? `${f.severity} (quarantined)` : f.severity,
      escapeMarkdownCell(FINDING_KINDS[f.kind]?.title ?? f.kind),
      escapeMarkdownCell(where(f)),
      escapeMarkdownCell(f.test ?? ''),
      escapeMarkdownCell(f.message),
    ])), '');
    out.push(...reproducers(sorted));
    out.push(...fixes(sorted));
  }
  if (report.warnings.length > 0) {
    out.push(`<details><summary>${report.warnings.length} warning(s) while reading traces</summary>`, '');
    for (const w of report.warnings) out.push(`- ${escapeMarkdownCell(w.where)}: ${escapeMarkdownCell(w.message)}`);
    out.push('', '</details>', '');
  }
  return out.join('\n');
}

/** A fence longer than any backtick run in `text`, so the code block cannot be closed from inside. */
function fenceFor(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((m) => m.length));
  return '`'.repeat(Math.max(3, longest + 1));
}

/** Each reproducer as a shell code block under its finding's kind and test. */
function reproducers(findings: readonly Finding[]): string[] {
  const out: string[] = [];
  for (const f of findings) {
    const r = reproduceOf(f);
    if (!r) continue;
    if (out.length === 0) out.push('### Reproducers', '');
    const line = shellLine(r);
    const fence = fenceFor(line);
    out.push(`${escapeMarkdownCell(f.kind)} ${escapeMarkdownCell(f.test ?? '')} (failed ${r.reliability.failed} of ${r.reliability.runs} replays):`, '', `${fence}sh`, line, fence, '');
  }
  return out;
}

/** Each proposed fix as a diff block under its finding and verification line (`flakescope fix`). */
function fixes(findings: readonly Finding[]): string[] {
  const out: string[] = [];
  for (const f of findings) {
    const r = fixOf(f);
    if (!r) continue;
    if (out.length === 0) out.push('### Fixes', '');
    out.push(`${escapeMarkdownCell(f.kind)} ${escapeMarkdownCell(f.test ?? '')}: ${escapeMarkdownCell(verificationLine(r))}`, '');
    if (r.patch) {
      const fence = fenceFor(r.patch);
      out.push(`${fence}diff`, r.patch.replace(/\n$/, ''), fence, '');
    }
  }
  return out;
}

/** Workflow-command data escaping, as @actions/core does it. */
function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
/** Property values additionally escape the separators of the command syntax. */
function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** Annotations are advisory (flakescope's exit code carries the verdict), so error and warning
 *  findings both annotate as ::warning and info findings as ::notice. */
const COMMAND: Readonly<Record<Severity, string>> = { error: 'warning', warning: 'warning', info: 'notice' };

/** One `::warning file=..,line=..,title=..::message` line per finding, for GitHub Actions. */
export function renderGithubAnnotations(report: Report): string {
  return report.findings.map((f) => {
    const props: string[] = [];
    if (f.site) props.push(`file=${escapeProperty(showControlChars(f.site.file))}`, `line=${Math.max(1, Math.trunc(f.site.line))}`);
    const title = FINDING_KINDS[f.kind]?.title ?? f.kind;
    props.push(`title=${escapeProperty(showControlChars(f.test ? `${title}: ${f.test}` : title))}`);
    return `::${COMMAND[f.severity]} ${props.join(',')}::${escapeData(showControlChars(f.message, true))}\n`;
  }).join('');
}
