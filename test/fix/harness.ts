// A small project on disk for the fixers' unit tests: files written to a temp folder, parsed by the
// real python3 (the fixers work on Python's own syntax tree), and a finding pointing into them.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Finding, FindingKind } from '../../src/check/finding.js';
import { applyEdits, byFile } from '../../src/fix/edit.js';
import type { FixContext, Proposed } from '../../src/fix/proposal.js';
import { PythonAst } from '../../src/fix/python-ast.js';
import { SuiteSources } from '../../src/fix/sources.js';
import type { IndexedRun } from '../../src/trace/run-index.js';

export interface Project {
  dir: string;
  ctx: FixContext;
  /** Each file the proposal edits, as it reads after the edits. */
  after(p: Proposed): Record<string, string>;
  cleanup(): void;
}

export function project(files: Record<string, string>, opts: Partial<Omit<FixContext, 'sources'>> = {}): Project {
  const dir = mkdtempSync(join(tmpdir(), 'flakescope-fixer-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const sources = new SuiteSources(new PythonAst('python3'), dir);
  const ctx: FixContext = { sources, runner: 'unittest', hasPytestMock: false, findings: [], runs: [] as IndexedRun[], ...opts };
  return {
    dir,
    ctx,
    after(p) {
      if (!('edits' in p)) throw new Error(`no proposal: ${p.reason}`);
      const out: Record<string, string> = {};
      for (const [file, edits] of byFile(p.edits)) out[file.slice(dir.length + 1)] = applyEdits(readFileSync(file, 'utf8'), edits);
      return out;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export function finding(kind: FindingKind, test: string | null, site: { file: string; line: number } | null, extra: Partial<Finding> & { evidence?: Record<string, unknown> } = {}): Finding {
  return { id: `${kind}:000000000000`, kind, severity: 'error', test, site, message: '', ...extra, evidence: { owner: { scope: 'test', id: test }, ...(extra.evidence ?? {}) } };
}
