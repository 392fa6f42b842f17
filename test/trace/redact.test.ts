import t from 'tap';
import fc from 'fast-check';
import {
  REDACTED, MIN_KNOWN_SECRET_LENGTH, MAX_TEXT, TRUNCATED, REDACTION_RULES, isSecretEnvName, isSecretPairKey,
  knownSecretsFromEnv, makeJsonRedactor, redactText, redactEnv, redactJson, truncateText, nameParts,
} from '../../src/trace/redact.js';

t.test('secret env names by word part', async (t) => {
  for (const n of ['DB_PASSWORD', 'PASSWORD', 'GITHUB_TOKEN', 'apiToken', 'AWS_SECRET_ACCESS_KEY', 'GPG_KEY',
    'my-api-key', 'OS_CREDENTIALS', 'BASIC_AUTH', 'npm.authToken', 'MYSQL_PWD_PASSWD', 'SSH_AUTH_SOCK', 'APIKEY'])
    t.ok(isSecretEnvName(n), n);
  for (const n of ['KEYBOARD_LAYOUT', 'MONKEY', 'TOKENIZERS_PARALLELISM', 'AUTHOR', 'PATH', 'HOME', 'PWD', 'OLDPWD',
    'PASSENGER', 'SECRETARY', 'AUTHORITY', 'KEYS_DIR_X'.replace('KEYS', 'KEYSTONE')])
    t.notOk(isSecretEnvName(n), n);
  t.same(nameParts('dbPassword_v2'), ['DB', 'PASSWORD', 'V2']);
});

t.test('pair keys: KEY needs a qualifier, exception names are not pairs', async (t) => {
  for (const k of ['password', 'token', 'api_key', 'apiKey', 'access-key', 'client_secret', 'auth']) t.ok(isSecretPairKey(k), k);
  for (const k of ['key', 'KeyError', 'TokenError', 'AuthWarning', 'keyboard', 'author', 'monkey']) t.notOk(isSecretPairKey(k), k);
});

t.test('known secret values are replaced wherever they appear', async (t) => {
  const secret = 'hunter2-Sup3r$ecret.(x)';
  const text = `login failed for ${secret}; url=/p?q=${secret}${secret}`;
  const out = redactText(text, [secret]);
  t.notMatch(out, 'hunter2');
  t.equal(out.split(REDACTED).length - 1, 3);
  t.equal(redactText('abc', ['abc']), 'abc', 'too short to be treated as a secret value');
  t.equal(redactText('xx abcdefgh yy', ['abcdef', 'abcdefgh']), `xx ${REDACTED} yy`, 'longest first');
});

t.test('knownSecretsFromEnv takes values of secret-named vars only', async (t) => {
  const env = { API_TOKEN: 'tok-1234567', KEYBOARD: 'us-international', PASSWORD: 'ab', HOME: '/root', X: undefined };
  t.same(knownSecretsFromEnv(env), ['tok-1234567']);
  t.ok(MIN_KNOWN_SECRET_LENGTH > 2);
});

t.test('authorization headers', async (t) => {
  t.equal(redactText('Authorization: Bearer abc.def.ghi'), `Authorization: ${REDACTED}`);
  t.equal(redactText("{'authorization': 'Basic dXNlcjpwYXNz', 'x': 1}"), `{'authorization': '${REDACTED}', 'x': 1}`);
  t.equal(redactText('Proxy-Authorization=Digest u=1\nnext line'), `Proxy-Authorization=${REDACTED}\nnext line`);
  t.equal(redactText('got Bearer eyJhbGciOiJIUzI1NiJ9.x'), `got Bearer ${REDACTED}`);
});

t.test('urls with credentials', async (t) => {
  t.equal(redactText('postgresql://admin:s3cret@db:5432/x'), `postgresql://admin:${REDACTED}@db:5432/x`);
  t.equal(redactText("conn='amqp://guest:guest@localhost//'"), `conn='amqp://guest:${REDACTED}@localhost//'`);
  t.equal(redactText('ssh://git@github.com/x'), 'ssh://git@github.com/x', 'user-only userinfo is kept');
  t.equal(redactText('see http://example.com:8080/a'), 'see http://example.com:8080/a', 'ports are not passwords');
});

t.test('pairs', async (t) => {
  t.equal(redactText('password=hunter2&user=bob'), `password=${REDACTED}&user=bob`);
  t.equal(redactText('call(token="abc def", n=1)'), `call(token="${REDACTED}", n=1)`);
  t.equal(redactText("{'api_key': 'k-123'}"), `{'api_key': '${REDACTED}'}`);
  t.equal(redactText('--db-password hunter2'), '--db-password hunter2', 'argv pairs without = are not recognised here');
  t.equal(redactText("KeyError: 'missing'"), "KeyError: 'missing'");
  t.equal(redactText("tokenize.TokenError: ('EOF', (1, 0))"), "tokenize.TokenError: ('EOF', (1, 0))");
  t.equal(redactText('key: value, monkey=1'), 'key: value, monkey=1');
});

t.test('env maps', async (t) => {
  const out = redactEnv({ DB_PASSWORD: 'x', DATABASE_URL: 'mysql://u:p4ss@h/db', LANG: 'C.UTF-8', EMPTY: undefined });
  t.same(out, { DB_PASSWORD: REDACTED, DATABASE_URL: `mysql://u:${REDACTED}@h/db`, LANG: 'C.UTF-8' });
});

t.test('json values', async (t) => {
  const secret = 'correct-horse-battery';
  const value = { findings: [{ message: `saw ${secret}`, evidence: { env: { MY_TOKEN: 'short', N: 1 } } }], [secret]: true };
  const out = redactJson(value, [secret]);
  t.notMatch(JSON.stringify(out), secret);
  t.equal((out.findings[0]!.evidence.env as Record<string, unknown>).MY_TOKEN, REDACTED);
  t.equal((out.findings[0]!.evidence.env as Record<string, unknown>).N, 1);
  t.equal(value.findings[0]!.message, `saw ${secret}`, 'input untouched');
});

t.test('every rule is named with a reason', async (t) => {
  t.ok(REDACTION_RULES.length >= 5);
  for (const r of REDACTION_RULES) t.ok(r.name && r.reason.length > 10, r.name);
});

t.test('property: a known secret never survives, whatever surrounds it', async (t) => {
  // Secrets drawn without the characters of the marker itself, which could re-form one next to it.
  const secrets = fc.stringMatching(/^[A-Za-z0-9$%^&*()+=@:\/.-]{6,30}$/);
  fc.assert(fc.property(secrets, fc.string(), fc.string(), (secret, before, after) =>
    !redactText(`${before}${secret}${after}${secret}`, [secret]).includes(secret)), { numRuns: 1000 });
});

t.test('property: hostile input never throws and text without secrets is kept', async (t) => {
  fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => typeof redactText(s, ['zzzzzzzz']) === 'string'), { numRuns: 500 });
  fc.assert(fc.property(fc.stringMatching(/^[a-z ]{0,40}$/), (s) => redactText(s) === s), { numRuns: 200 });
  const huge = 'a'.repeat(200_000) + ' password=x';
  t.equal(redactText(huge).endsWith(`password=${REDACTED}`), true);
  // Each shape once made a rule quadratic (seconds at 50k chars); linear ones take milliseconds.
  const started = Date.now();
  for (const unit of ['a', 'a.', 'a-', 'x://', 'Authorization', 'a=', 'authorization:', 'Bearer ']) redactText(unit.repeat(100_000 / unit.length));
  t.ok(Date.now() - started < 1000, `pathological inputs stay fast (${Date.now() - started} ms)`);
});

t.test('truncateText', async (t) => {
  t.equal(truncateText('short'), 'short');
  const long = 'x'.repeat(MAX_TEXT + 10);
  t.equal(truncateText(long), 'x'.repeat(MAX_TEXT - TRUNCATED.length) + TRUNCATED);
  t.equal(truncateText('😀😀😀😀', 3), '...', 'counts code points, never splits a surrogate pair');
  t.equal(truncateText('😀😀😀😀😀', 4), '😀...');
});

t.test('assignments into env mappings in source text', async (t) => {
  t.equal(redactText(`os.environ['API_TOKEN'] = 'tok-abc'`), `os.environ['API_TOKEN'] = '${REDACTED}'`);
  t.equal(redactText(`env["DB_PASSWORD"]="x y"`), `env["DB_PASSWORD"]="${REDACTED}"`);
});

/** JSON values with keys and strings that redaction changes (secret names, rules' shapes, a known secret) among others. */
const jsonKey = fc.oneof(fc.string(), fc.constantFrom('password', 'api_key', 'token:x', 'a=b', '__proto__', 'constructor', 'Authorization'));
const jsonValue = fc.letrec((tie) => ({
  json: fc.oneof({ depthSize: 'small' }, fc.string(), fc.constantFrom('password=hunter22', 'Bearer abcdefghijk', 'https://u:pw@h/x', 'sekrit-value-1'), fc.integer(), fc.boolean(), fc.constant(null),
    fc.array(tie('json'), { maxLength: 4 }), fc.dictionary(jsonKey, tie('json'), { maxKeys: 4 })),
})).json;

t.test('redacting parsed JSON in place gives what the copying redactor gives', async (t) => {
  fc.assert(fc.property(jsonValue, (v) => {
    const text = JSON.stringify(v);
    const copied = JSON.stringify(redactJson(JSON.parse(text), ['sekrit-value-1']));
    return JSON.stringify(makeJsonRedactor(['sekrit-value-1'], { inPlace: true })(JSON.parse(text))) === copied;
  }), { numRuns: 1000 });
  t.pass();
});

t.test('the sharing redactor gives the copy\'s JSON, leaves its input as it was, and shares only what it did not change', async (t) => {
  const share = makeJsonRedactor(['sekrit-value-1'], { share: true });
  fc.assert(fc.property(jsonValue, (v) => {
    const text = JSON.stringify(v);
    const input = JSON.parse(text) as unknown;
    return JSON.stringify(share(input)) === JSON.stringify(redactJson(JSON.parse(text), ['sekrit-value-1'])) && JSON.stringify(input) === text;
  }), { numRuns: 1000 });
  const clean = { tests: [{ id: 'a.b' }], site: { file: 'x.py', line: 3 } };
  const dirty = { ...clean, message: 'password=hunter22' };
  t.equal(share(clean), clean, 'nothing to redact: the input itself');
  const out = share(dirty);
  t.not(out, dirty, 'a changed object is a copy');
  t.equal(out.tests, dirty.tests, 'its unchanged parts are shared');
  t.equal(dirty.message, 'password=hunter22', 'input untouched');
  t.equal(JSON.stringify(share({ when: new Date(0) })), JSON.stringify(redactJson({ when: new Date(0) })), 'anything but plain objects and arrays is copied as the copying redactor does');
});

t.test('the trace key field is an identity, not a secret: kept, its text still redacted', async (t) => {
  const events = [
    { ev: 'resource-open', kind: 'thread', key: 'thread:140030952601280', target: 'poller' },
    { ev: 'resource-close', kind: 'env', key: 'env:API_TOKEN=sha256:0123456789ab' },
    { ev: 'resource-open', kind: 'fd', key: 'fd:4:/w/hunter2-secret.log' },
  ];
  const out = redactJson(events, ['hunter2-secret']);
  t.equal(out[0]?.key, 'thread:140030952601280');
  t.equal(out[1]?.key, 'env:API_TOKEN=sha256:0123456789ab');
  t.notMatch(out[2]?.key ?? '', 'hunter2-secret', 'a known secret inside a key is still redacted');
  t.equal(redactJson({ api_key: 'abc' }).api_key, '[REDACTED]', 'other key-named fields stay secret');
});
