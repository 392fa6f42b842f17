// SARIF 2.1.0 for GitHub code scanning and other SARIF viewers: one rule per finding kind,
// one result per finding, located at the finding's site in the user's code.
import type * as Sarif from 'sarif';
import type { Finding, Severity } from '../check/finding.js';
import { reproduceOf, type Reproduce } from '../check/reproduce.js';
import { fixOf, verificationLine } from '../fix/record.js';
import type { Report } from './model.js';
import { shellLine } from './shell-line.js';
import { FINDING_KINDS, KIND_ORDER } from './kinds.js';
import { pytestFile } from './test-id.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

const LEVEL: Readonly<Record<Severity, Sarif.ReportingConfiguration.level>> = {
  error: 'error',
  warning: 'warning',
  info: 'note',
};

/** A site's file as a SARIF URI: relative paths stay relative (resolved against %SRCROOT%, the
 *  checkout GitHub scans), absolute ones become file:// URIs. Each segment is percent-encoded. */
export function fileUri(file: string): { uri: string; uriBaseId?: string } {
  const normalised = file.replace(/\\/g, '/');
  const encoded = normalised.split('/').map(encodeURIComponent).join('/');
  if (normalised.startsWith('/')) return { uri: `file://${encoded}` };
  return { uri: encoded.replace(/^(\.\/)+/, ''), uriBaseId: '%SRCROOT%' };
}

/** Where a result points: its site; else the test file a pytest id names; else only the test id
 *  as a logical location (unittest ids do not name a file). */
function locations(f: Finding): Sarif.Location[] {
  const logical: Sarif.LogicalLocation[] = f.test ? [{ fullyQualifiedName: f.test, kind: 'function' }] : [];
  if (f.site) {
    return [{
      physicalLocation: { artifactLocation: fileUri(f.site.file), region: { startLine: Math.max(1, Math.trunc(f.site.line)) } },
      ...(logical.length > 0 ? { logicalLocations: logical } : {}),
    }];
  }
  const file = f.test ? pytestFile(f.test) : null;
  if (file) return [{ physicalLocation: { artifactLocation: fileUri(file) }, logicalLocations: logical }];
  return logical.length > 0 ? [{ logicalLocations: logical }] : [];
}

/** The reproducer, with the line to paste, in the result's own properties (SARIF has no field for it). */
function reproduceProperty(f: Finding): { reproduce?: Reproduce & { commandLine: string } } {
  const r = reproduceOf(f);
  return r ? { reproduce: { ...r, commandLine: shellLine(r) } } : {};
}

/** A verified `flakescope fix` as SARIF fixes[]: code scanning offers it as a suggested change. */
function fixesOf(f: Finding): { fixes?: Sarif.Fix[] } {
  const r = fixOf(f);
  if (!r || r.status !== 'verified' || !r.edits || r.edits.length === 0) return {};
  const files = [...new Set(r.edits.map((e) => e.file))];
  const changes = files.map((file) => ({
    artifactLocation: fileUri(file),
    replacements: (r.edits ?? []).filter((e) => e.file === file).map((e) => ({
      deletedRegion: { startLine: e.startLine, startColumn: e.startColumn, endLine: e.endLine, endColumn: e.endColumn },
      insertedContent: { text: e.text },
    })),
  }));
  return { fixes: [{ description: { text: `${r.reason} (${verificationLine(r)})` }, artifactChanges: changes }] };
}

function ruleName(kind: string): string {
  return kind.split('-').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}

export function renderSarif(report: Report): string {
  const rules: Sarif.ReportingDescriptor[] = KIND_ORDER.map((kind) => ({
    id: kind,
    name: ruleName(kind),
    shortDescription: { text: FINDING_KINDS[kind].title },
    fullDescription: { text: FINDING_KINDS[kind].description },
    defaultConfiguration: { level: 'error' },
    properties: { tags: ['flakiness', 'tests'] },
  }));
  const results: Sarif.Result[] = report.findings.map((f) => ({
    ruleId: f.kind,
    ruleIndex: KIND_ORDER.indexOf(f.kind),
    level: LEVEL[f.severity],
    message: { text: f.message || FINDING_KINDS[f.kind].title },
    locations: locations(f),
    partialFingerprints: { 'flakescopeFindingId/v1': f.id },
    ...fixesOf(f),
    properties: {
      ...(f.test !== null ? { test: f.test } : {}),
      ...(f.target !== undefined ? { target: f.target } : {}),
      evidence: f.evidence,
      ...reproduceProperty(f),
    },
  }));
  const log: Sarif.Log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'flakescope', version: report.tool.version, rules } },
      invocations: [{
        executionSuccessful: true,
        arguments: report.command,
        properties: { runs: report.runs.length },
      }],
      results,
    }],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
