import t from 'tap';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { MAX_SOURCE_BYTES, readSources } from '../../src/report/sources.js';
import type { Finding } from '../../src/check/finding.js';

const at = (file: string): Finding => ({ id: file, kind: 'leaked-patch', severity: 'error', test: 't', site: { file, line: 1 }, message: 'm', evidence: {} });

t.test('reads the files findings point at, relative to the run cwd; skips missing, folders and big files', async (t) => {
  const dir = t.testdir({ 'test_a.py': 'x = 1\n', sub: { 'b.py': 'y = 2\n' } });
  writeFileSync(path.join(dir, 'big.py'), 'z'.repeat(MAX_SOURCE_BYTES + 1));
  const sources = await readSources([at('test_a.py'), at(path.join(dir, 'sub', 'b.py')), at('missing.py'), at('sub'), at('big.py'), at('test_a.py')], dir);
  t.same([...sources.keys()], ['test_a.py', path.join(dir, 'sub', 'b.py')]);
  t.equal(sources.get('test_a.py'), 'x = 1\n');
});
