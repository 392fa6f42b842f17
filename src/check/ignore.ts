// User ignore patterns (--ignore, repeatable): picomatch globs. A finding is dropped when a pattern
// matches its target, its site's file, its test id, or "<kind>:<target>" (e.g. "leaked-thread:pool-*").
import { createRequire } from 'node:module';
import type Picomatch from 'picomatch';
import type { Finding } from './finding.js';

function subjects(f: Finding): string[] {
  const out: string[] = [];
  if (f.target !== undefined) out.push(f.target, `${f.kind}:${f.target}`);
  if (f.site) out.push(f.site.file);
  if (f.test !== null) out.push(f.test);
  return out;
}

export function applyIgnores(findings: Finding[], patterns: readonly string[]): Finding[] {
  if (patterns.length === 0) return findings;
  // Loaded only for patterns to match: most runs give none, and `run` loads the analyses while its tests run.
  const picomatch = createRequire(import.meta.url)('picomatch') as typeof Picomatch;
  // dot: hidden paths match too; a user pattern should not silently skip ".venv/..." files.
  const matchers = patterns.map((p) => picomatch(p, { dot: true }));
  return findings.filter((f) => !subjects(f).some((s) => matchers.some((m) => m(s))));
}
