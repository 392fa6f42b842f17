// Per-test outcomes parsed from a runner's own verbose output (unittest -v, pytest -v), used to
// prove a scenario's ground truth without flakescope and that flakescope changes no outcome.

// unittest -v status words, in the order TextTestResult prints them.
const UNITTEST_STATUS = [
  ['ok', 'pass'],
  ['FAIL', 'fail'],
  ['FAILED', 'fail'],
  ['ERROR', 'error'],
  ['skipped', 'skip'],
  ['expected failure', 'pass'],
  ['unexpected success', 'fail'],
];
// setUpClass/setUpModule errors and skips are reported under these names, not as tests.
const SCOPE_HOLDERS = new Set(['setUpClass', 'tearDownClass', 'setUpModule', 'tearDownModule']);

function statusOf(text) {
  // The status is the last status word in the segment: a test may print before it.
  let best = null;
  let bestAt = -1;
  for (const [word, outcome] of UNITTEST_STATUS) {
    const re = new RegExp(`(?:^|\\.\\.\\. |\\n)${word}(?: '.*')?(?:\\n|$)`, 'g');
    for (const m of text.matchAll(re)) {
      if (m.index > bestAt) {
        bestAt = m.index;
        best = outcome;
      }
    }
  }
  return best;
}

/** Map test id -> pass|fail|error|skip from `python -m unittest -v` stderr (3.8+ and testtools). */
export function parseUnittestVerbose(output) {
  // stestr (subunit-trace) prefixes each line with its worker, "{0} ", and says FAILED.
  const text = (output.split(/\n={20,}\n/)[0] ?? '').replace(/^\{\d+\} /gm, '');
  // "name (pkg.mod.Class.name)" (3.11+), "name (pkg.mod.Class)" (<3.11), "name ()" (doctests,
  // whose id is the name) or a bare id (testtools), optionally followed by a docstring line, then " ... ".
  const header = /^(?:(\w[\w.]*) \(([\w.]*)\)|([\w.]+\.\w+))(?: \[[^\n]*\]| \([^\n]*\))?(?:\n[^\n]*?)? \.\.\. /gm;
  const heads = [...text.matchAll(header)];
  const outcomes = new Map();
  heads.forEach((m, i) => {
    const end = i + 1 < heads.length ? heads[i + 1].index : text.length;
    const segment = text.slice(m.index + m[0].length - 5, end);
    let id;
    if (m[3]) id = m[3];
    else if (m[2] === '') id = m[1];
    else if (m[2].endsWith(`.${m[1]}`)) id = m[2];
    else id = `${m[2]}.${m[1]}`;
    if (SCOPE_HOLDERS.has(m[1] ?? '')) return;
    const outcome = statusOf(segment);
    if (outcome) outcomes.set(id, worst(outcomes.get(id), outcome));
  });
  return outcomes;
}

/** Map node id -> pass|fail|error|skip from `pytest -v` output, with or without xdist. */
export function parsePytestVerbose(output) {
  const words = { PASSED: 'pass', FAILED: 'fail', ERROR: 'error', SKIPPED: 'skip', XFAIL: 'pass', XPASS: 'fail' };
  const outcomes = new Map();
  const plain = /^(\S+::\S+) (PASSED|FAILED|ERROR|SKIPPED|XFAIL|XPASS)\b/gm;
  const xdist = /^\[gw\d+\] \[\s*\d+%\] (PASSED|FAILED|ERROR|SKIPPED|XFAIL|XPASS) (\S+::\S+)/gm;
  for (const m of output.matchAll(plain)) outcomes.set(m[1], worst(outcomes.get(m[1]), words[m[2]]));
  for (const m of output.matchAll(xdist)) outcomes.set(m[2], worst(outcomes.get(m[2]), words[m[1]]));
  return outcomes;
}

// A test reported twice (pytest: call passed, teardown errored) keeps its worst outcome.
const RANK = { skip: 0, pass: 1, fail: 2, error: 3 };
function worst(a, b) {
  if (a === undefined) return b;
  return RANK[b] > RANK[a] ? b : a;
}

export function parseVerbose(command, output) {
  return command.includes('pytest') ? parsePytestVerbose(output) : parseUnittestVerbose(output);
}
