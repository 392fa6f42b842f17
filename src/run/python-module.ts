// Python module names from file paths and unittest ids, for selecting the tests of a file.

/** unittest's stand-in for a module that failed to import: `unittest.loader._FailedTest.<module>`. */
export const FAILED_IMPORT_PREFIX = 'unittest.loader._FailedTest.';

/** `pkg/test_a.py` -> `pkg.test_a`; `pkg/__init__.py` -> `pkg`. */
export function moduleOfFile(rel: string): string {
  return rel.replace(/\.py$/, '').replace(/[\\/]__init__$/, '').split(/[\\/]/).join('.');
}

/** The module of a unittest id `module.Class.method` (a scenario suffix `method(name)` dropped), or
 *  the module named by a failed-import stand-in. */
export function moduleOfUnittestId(id: string): string {
  if (id.startsWith(FAILED_IMPORT_PREFIX)) return id.slice(FAILED_IMPORT_PREFIX.length);
  const plain = id.split(/[ (]/, 1)[0] as string;
  return plain.split('.').slice(0, -2).join('.');
}
