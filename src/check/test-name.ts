// A test id shortened for one-line output: "nova.tests.functional.regressions.test_bug_1.T.test_x"
// -> "T.test_x", "tests/test_x.py::TestA::test_b[1]" -> "TestA::test_b[1]". The full id stays in
// the finding's `test` field.

/** Parameters ("[...]") and subTest descriptions (" (...)") may hold any character, dots and colons
 *  too, so a test id's structural part ends where they begin: [structure, params]. */
export function splitParams(id: string): [string, string] {
  const m = /\[| \(/.exec(id);
  return m ? [id.slice(0, m.index), id.slice(m.index)] : [id, ''];
}

export function shortTestName(id: string): string {
  const [head, params] = splitParams(id);
  if (head.includes('::')) {
    const parts = head.split('::');
    const file = parts.shift() ?? '';
    const rest = parts.length > 1 ? parts : [file.split(/[\\/]/).pop() ?? file, ...parts];
    return rest.join('::') + params;
  }
  const parts = head.split('.');
  return parts.slice(-2).join('.') + params;
}
