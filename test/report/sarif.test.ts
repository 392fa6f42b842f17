import t from 'tap';
import { readFileSync } from 'node:fs';
import AjvModule from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';
import { renderSarif, fileUri } from '../../src/report/sarif.js';
import { KIND_ORDER } from '../../src/report/kinds.js';
import { sampleReport } from '../fixtures/report/sample-report.js';

const schema = JSON.parse(readFileSync(new URL('../fixtures/sarif/sarif-schema-2.1.0.json', import.meta.url), 'utf8'));
// CommonJS packages: under NodeNext their class/function is the .default of the import.
const Ajv = AjvModule.default;
const addFormats = addFormatsModule.default;
// unicodeRegExp off: the schema's language pattern is valid in plain but not in /u regexps.
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validate = ajv.compile(schema);

t.test('valid SARIF 2.1.0', async (t) => {
  const log = JSON.parse(renderSarif(sampleReport()));
  const ok = validate(log);
  t.ok(ok, JSON.stringify(validate.errors?.slice(0, 5)));
  t.equal(log.version, '2.1.0');
});

t.test('the schema check can fail', async (t) => {
  const log = JSON.parse(renderSarif(sampleReport()));
  log.runs[0].results[0].level = 'fatal';
  t.notOk(validate(log));
});

t.test('one rule per kind, located results, levels from severity', async (t) => {
  const log = JSON.parse(renderSarif(sampleReport()));
  const run = log.runs[0];
  t.same(run.tool.driver.rules.map((r: any) => r.id), KIND_ORDER);
  const [leak, flaky, info] = run.results;
  t.equal(leak.ruleId, 'leaked-patch');
  t.equal(run.tool.driver.rules[leak.ruleIndex].id, 'leaked-patch');
  t.equal(leak.level, 'error');
  t.same(leak.locations[0].physicalLocation.artifactLocation, { uri: 'pkg/mod.py', uriBaseId: '%SRCROOT%' });
  t.equal(leak.locations[0].physicalLocation.region.startLine, 42);
  t.equal(flaky.level, 'warning');
  t.equal(flaky.locations[0].physicalLocation.artifactLocation.uri, 'tests/test_x.py', 'pytest file when no site');
  t.equal(info.level, 'note');
  t.equal(info.locations[0].physicalLocation.artifactLocation.uri, 'file:///abs/dir%20with%20space/t.py');
  t.equal(leak.partialFingerprints['flakescopeFindingId/v1'], 'f1');
});

t.test('file uris', async (t) => {
  t.same(fileUri('./a/b#c.py'), { uri: 'a/b%23c.py', uriBaseId: '%SRCROOT%' });
  t.same(fileUri('/x/y.py'), { uri: 'file:///x/y.py' });
});
