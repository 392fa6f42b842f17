// Concurrency (issue 8): 8 traced processes writing into one run's trace folder at the same time
// lose no event and tear no line: event counts per kind and per test match a serial run.
// (`--jobs` for parallel runs is not on this branch; this covers the shim side it relies on.)
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { runFlakescope } from '../helpers/scenarios.mjs';
import { parseTraceText } from '../../src/trace/read.js';

const SUITE = fileURLToPath(new URL('./concurrent-suite/', import.meta.url));
/** driver.py's WORKERS and test_busy's test count. */
const WORKERS = 8;
const TESTS = 60;

async function counts(mode: 'parallel' | 'serial') {
  const out = mkdtempSync(join(tmpdir(), `flakescope-conc-${mode}-`));
  try {
    const run = runFlakescope(['python3', 'driver.py', mode], { cwd: SUITE, out, flags: ['--quiet', '--fail-on', 'never'] });
    // Each file read whole, event by event: what the shim wrote, before any folding.
    const runDir = join(out, 'traces', '0');
    const warnings: Array<{ where: string; message: string }> = [];
    const processes = readdirSync(runDir).sort().flatMap((f) => parseTraceText(readFileSync(join(runDir, f), 'utf8'), f, warnings) ?? []);
    const byKind: Record<string, number> = {};
    const byTest: Record<string, number> = {};
    for (const e of processes.flatMap((p) => p.events)) {
      byKind[e.ev] = (byKind[e.ev] ?? 0) + 1;
      if (typeof e.test === 'string') byTest[e.test] = (byTest[e.test] ?? 0) + 1;
    }
    return { exitCode: run.exitCode, stderr: run.stderr, processes: processes.length, warnings, byKind, byTest };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

t.test(`${WORKERS} processes tracing at once lose no event compared with a serial run`, async (t) => {
  const serial = await counts('serial');
  const parallel = await counts('parallel');
  t.equal(serial.exitCode, 0, serial.stderr);
  t.equal(parallel.exitCode, 0, parallel.stderr);
  t.equal(serial.processes, WORKERS + 1, 'driver + workers traced (serial)');
  t.equal(parallel.processes, WORKERS + 1, 'driver + workers traced (parallel)');
  t.same(parallel.warnings, [], 'no torn, interleaved or dropped line');
  t.equal(serial.byKind['test-end'], WORKERS * TESTS, 'every test-end present');
  t.ok((serial.byKind['patch-start'] ?? 0) >= WORKERS * TESTS * 2 && (serial.byKind.sleep ?? 0) >= WORKERS * TESTS * 2, 'patches and sleeps traced too', { byKind: { ...serial.byKind } });
  t.same(parallel.byKind, serial.byKind, 'same event count per kind');
  t.same(parallel.byTest, serial.byTest, 'same event count per test');
});
