import t from 'tap';
import { formatsForGate, parseFormatList } from '../../src/report/format-list.js';
import { UsageError } from '../../src/errors.js';

t.test('comma lists and repeated flags, in order, once each', async (t) => {
  t.same(parseFormatList('json,junit, sarif'), ['json', 'junit', 'sarif']);
  t.same(parseFormatList(['html', 'md,html', 'TERMINAL']), ['html', 'md', 'terminal']);
});

t.test('unknown or empty lists are usage errors naming the choices', async (t) => {
  t.throws(() => parseFormatList('json,pdf'), new UsageError('unknown report format "pdf"; choose from terminal,json,junit,sarif,html,md'));
  t.throws(() => parseFormatList(','), UsageError);
});

t.test('run and check always keep report.json', async (t) => {
  t.same(formatsForGate(undefined), {});
  t.same(formatsForGate(['html']), { formats: ['html', 'json'] });
  t.same(formatsForGate(['json,md']), { formats: ['json', 'md'] });
});
