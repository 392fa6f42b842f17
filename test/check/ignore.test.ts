import t from 'tap';
import { applyIgnores } from '../../src/check/ignore.js';
import type { Finding } from '../../src/check/finding.js';

const finding = (kind: Finding['kind'], target: string, file: string, test: string): Finding =>
  ({ id: `${kind}:${target}`, kind, severity: 'error', test, site: { file, line: 1 }, target, message: '', evidence: {} });

const all = [
  finding('leaked-thread', 'ThreadPoolExecutor-13_0', 'tornado/concurrent.py', 'tornado.test.netutil_test.T.test_localhost'),
  finding('leaked-fd', 'audit.log', 'tests/test_a.py', 'tests.test_a.T.test_b'),
  finding('env-pollution', 'os.environ[HOME]', 'tests/test_b.py', 'tests.test_b.T.test_c'),
];

t.test('no patterns keeps everything', async (t) => {
  t.equal(applyIgnores(all, []).length, 3);
});

t.test('patterns match target, kind:target, site file or test id', async (t) => {
  t.same(applyIgnores(all, ['ThreadPoolExecutor-*']).map((f) => f.kind), ['leaked-fd', 'env-pollution']);
  t.same(applyIgnores(all, ['leaked-fd:*.log']).map((f) => f.kind), ['leaked-thread', 'env-pollution']);
  t.same(applyIgnores(all, ['tests/**']).map((f) => f.kind), ['leaked-thread']);
  t.same(applyIgnores(all, ['tests.test_b.*']).map((f) => f.kind), ['leaked-thread', 'leaked-fd']);
  t.same(applyIgnores(all, ['leaked-fd:*.txt']).length, 3, 'a pattern that matches nothing drops nothing');
});
