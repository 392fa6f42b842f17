// CPython 3.10's test_concurrent_futures initializer tests under flakescope: multiprocessing's
// resource tracker and forkserver (started once per process, kept in module globals) are info; the
// Queue FailingInitializerMixin.setUp makes and never closes is an error at its setUp line.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { existsSync, readdirSync } from 'node:fs';
import t from 'tap';
import { checkSuite } from './check.js';

/** pyenv's 3.10 (its test package still has test_concurrent_futures as one module). */
function python310(): string {
  const root = join(homedir(), '.pyenv', 'versions');
  const version = existsSync(root) ? readdirSync(root).filter((v) => v.startsWith('3.10.')).sort().pop() : undefined;
  return version ? join(root, version, 'bin', 'python3') : 'python3.10';
}

t.test('test_concurrent_futures initializer tests: the setUp Queue found, the process-wide helpers not errors', async (t) => {
  checkSuite(t, { suite: 'cpython-concurrent-futures', python: python310(), args: ['test.test_concurrent_futures', '-k', 'Initializer'], atLeast: 8 });
});
