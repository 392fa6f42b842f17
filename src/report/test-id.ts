// Splits a runner's test id into JUnit's classname and name.
//   pytest:   "tests/unit/test_x.py::TestA::test_b[1::2]" -> "tests.unit.test_x.TestA", "test_b[1::2]"
//   unittest: "pkg.mod.Class.test_b"                      -> "pkg.mod.Class", "test_b"
//             "pkg.mod.Class.test_b (x=1)"  (subTest)     -> "pkg.mod.Class", "test_b (x=1)"
import { splitParams } from '../check/test-name.js';

export interface SplitId {
  classname: string;
  name: string;
}

export function splitTestId(id: string): SplitId {
  const [head, params] = splitParams(id);
  if (head.includes('::')) {
    const parts = head.split('::');
    const name = (parts.pop() ?? '') + params;
    const file = (parts.shift() ?? '').replace(/\.py$/, '').replace(/[\\/]+/g, '.');
    return { classname: [file, ...parts].filter((p) => p.length > 0).join('.'), name };
  }
  const dot = head.lastIndexOf('.');
  if (dot <= 0) return { classname: '', name: id };
  return { classname: head.slice(0, dot), name: head.slice(dot + 1) + params };
}

/** The source file a pytest id names ("tests/test_x.py::..."), or null for unittest ids. */
export function pytestFile(id: string): string | null {
  const [head] = splitParams(id);
  const i = head.indexOf('::');
  return i > 0 ? head.slice(0, i) : null;
}
