#!/usr/bin/env node
// `npm run bench`: runs every benchmark script in SCRIPTS, in order, prints their lines as they come
// and writes bench/RESULTS.md with the machine's description and each script's output. A listed
// script that is missing or fails is an error (exit 1), reported in place of its output.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { root, timed } from './lib.mjs';

/** Fixed order: the quick ones first, so a broken set-up shows within seconds; then shim.mjs, the
 *  shim's acceptance table side by side. About 25 minutes in all. */
const SCRIPTS = [
  'startup.mjs',
  'shim.mjs',
  'orchestration.mjs',
  'event-cost.mjs',
  'event-instructions.mjs',
  'snapshot-overhead.py',
  'suite-overhead.mjs',
  'analysis.mjs',
  'detection.mjs',
];

function runner(script) {
  return script.endsWith('.py') ? 'python3' : process.execPath;
}

function run(script) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(runner(script), [path.join(root, 'bench', script)], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => { out += d; process.stdout.write(d); });
    child.stderr.on('data', (d) => { err += d; });
    child.on('error', (e) => resolve({ ok: false, out, err: e.message, seconds: 0 }));
    child.on('close', (code) => resolve({ ok: code === 0, out, err: code === 0 ? '' : `exit ${code}\n${err.slice(-3000)}`, seconds: (Date.now() - started) / 1000 }));
  });
}

function cpuModel() {
  const info = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '';
  return /model name\s*:\s*(.*)/.exec(info)?.[1] ?? os.cpus()[0]?.model ?? 'unknown';
}

function osName() {
  const release = existsSync('/etc/os-release') ? readFileSync('/etc/os-release', 'utf8') : '';
  return `${/PRETTY_NAME="?([^"\n]*)/.exec(release)?.[1] ?? os.type()} (kernel ${os.release()})`;
}

const machine = [
  `- CPU: ${cpuModel()}, ${os.availableParallelism()} cores`,
  `- RAM: ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
  `- OS: ${osName()}`,
  `- Node ${process.version}, ${timed(['python3', '--version']).stdout.trim()}`,
  `- Load average when the bench started: ${os.loadavg().map((x) => x.toFixed(2)).join(', ')}`,
  `- Date: ${new Date().toISOString()}`,
];
console.log(machine.join('\n'));

const sections = [];
let failed = 0;
for (const script of SCRIPTS) {
  console.log(`\n## ${script}`);
  const file = path.join(root, 'bench', script);
  const result = existsSync(file) ? await run(script) : { ok: false, out: '', err: `bench/${script} is in the list but does not exist`, seconds: 0 };
  if (!result.ok) {
    failed++;
    console.log(`ERROR: ${result.err}`);
  }
  sections.push(`## ${script} (${result.seconds.toFixed(0)} s)\n\n\`\`\`\n${result.out.trimEnd()}${result.ok ? '' : `\nERROR: ${result.err.trimEnd()}`}\n\`\`\`\n`);
}

writeFileSync(path.join(root, 'bench/RESULTS.md'), `# Benchmark results\n\nWritten by \`npm run bench\` (bench/index.mjs); each line is one script's own output, ratios measured in that one run.\n\n${machine.join('\n')}\n\n${sections.join('\n')}`);
console.log(`\nwrote bench/RESULTS.md${failed ? `; ${failed} script(s) failed` : ''}`);
process.exitCode = failed ? 1 : 0;
