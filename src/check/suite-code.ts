// Whether a sleep site is in the suite's own code (its tests, their helpers, the package under test)
// or in a library the suite uses. Only the suite's sleeps are judged one by one: a library's polling
// loop (a messaging driver's, a database pool's) is not a choice the suite made, and perturbing each
// of them alone would cost runs without pointing at anything the suite can change.

/** Folders where installed packages live: a site under one belongs to the suite only when its
 *  package is the one the tests are in (nova's tests run from dist-packages/nova). */
const INSTALLED = /(^|\/)(site|dist)-packages\//;

/** The top-level package of a dotted test id (unittest's `pkg.mod.Class.test`), or null for a
 *  pytest node id (`tests/test_x.py::T::test`), whose files are relative to the run's folder. */
function topPackage(test: string): string | null {
  if (test.includes('::') || test.includes('/')) return null;
  const dot = test.indexOf('.');
  return dot > 0 ? test.slice(0, dot) : null;
}

/** The site's file is the suite's: a file under the run's folder (written relative, outside an
 *  installed-packages folder), or one inside the top-level package of the test that slept there. */
export function isSuiteFile(file: string, test: string): boolean {
  const top = topPackage(test);
  const installed = INSTALLED.exec(file);
  if (installed) return top !== null && file.slice(installed.index + installed[0].length).startsWith(`${top}/`);
  if (!file.startsWith('/')) return !file.startsWith('<');
  return top !== null && file.includes(`/${top}/`);
}
