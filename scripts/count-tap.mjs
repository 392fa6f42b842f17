#!/usr/bin/env node
// Counts real test points (leaf assertions, not per-file or per-subtest summaries) in the TAP files
// tap writes under .tap/test-results/, and prints them; .ci/run ends with its last line.
// Usage: node scripts/count-tap.mjs [results-dir]
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Parser } from 'tap-parser';

function tapFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return tapFiles(path);
    return entry.name.endsWith('.tap') ? [path] : [];
  });
}

function count(text) {
  const tally = { passed: 0, failed: 0, skipped: 0, failures: [], fileOk: true };
  // Every nested subtest parser reports its own points; a point that closes a subtest is a
  // summary of points already counted, so it is skipped.
  const watch = (parser) => {
    parser.on('child', watch);
    parser.on('assert', (point) => {
      if (point.closingTestPoint) return;
      if (point.todo || point.skip) tally.skipped += 1;
      else if (point.ok) tally.passed += 1;
      else {
        tally.failed += 1;
        tally.failures.push(point.fullname || point.name);
      }
    });
  };
  const parser = new Parser((result) => {
    tally.fileOk = result.ok;
  });
  watch(parser);
  parser.end(text);
  return tally;
}

const dir = process.argv[2] ?? join(process.cwd(), '.tap', 'test-results');
const total = { passed: 0, failed: 0, skipped: 0 };
let files;
try {
  files = tapFiles(dir);
} catch {
  files = [];
}
for (const file of files.sort()) {
  const tally = count(readFileSync(file, 'utf8'));
  // A file that ended badly (crash, timeout, bail-out) without a failing point still failed once.
  if (!tally.fileOk && tally.failed === 0) {
    tally.failed = 1;
    tally.failures.push('(test file did not complete)');
  }
  const name = relative(dir, file).replace(/\.tap$/, '');
  console.log(`${name}: ${tally.passed} passed, ${tally.failed} failed, ${tally.skipped} skipped`);
  for (const failure of tally.failures) console.log(`  not ok: ${failure}`);
  total.passed += tally.passed;
  total.failed += tally.failed;
  total.skipped += tally.skipped;
}
if (files.length === 0) console.log(`no TAP results under ${dir}`);
if (total.skipped > 0) console.log(`${total.skipped} skipped`);
console.log(`${total.passed} passed, ${total.failed} failed`);
