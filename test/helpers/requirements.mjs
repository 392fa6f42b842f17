// Skip-or-fail policy for e2e tests that need an interpreter or package the machine may lack:
// skipped with the reason locally, a failure in CI (no silent skips there).

/** True when the test may go on; otherwise it has already been marked skipped or failed. */
export function requireOrSkip(t, missing) {
  if (missing === null) return true;
  if (process.env.CI) t.fail(`required in CI: ${missing}`);
  else t.pass('requirements present', { skip: missing });
  return false;
}
