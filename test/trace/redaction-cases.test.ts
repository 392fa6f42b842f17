// The one redaction spec (test/fixtures/redaction-cases.json), as the reader applies it; the shim's
// test (test/shim/test_redaction_cases.py) asserts the same file. Beyond the cases, generated text
// goes through both implementations: the shim's output must be the reader's, and the reader must
// find nothing left to redact in it.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import t from 'tap';
import {
  MAX_TEXT, MIN_KNOWN_SECRET_LENGTH, REDACTED, TRUNCATED, isSecretEnvName, isSecretPairKey, knownSecretsFromEnv,
  redactJson, redactText, truncateText,
} from '../../src/trace/redact.js';

interface Spec {
  placeholder: string;
  maxText: number;
  truncated: string;
  minKnownSecret: number;
  text: Array<{ why: string; in: string; env?: Record<string, string>; out: string }>;
  envNames: { secret: string[]; notSecret: string[] };
  pairKeys: { secret: string[]; notSecret: string[] };
  json: Array<{ why: string; in: unknown; env?: Record<string, string>; out: unknown }>;
  truncate: Array<{ why: string; in: string; limit?: number; out: string }>;
}

const spec = JSON.parse(readFileSync(fileURLToPath(new URL('../fixtures/redaction-cases.json', import.meta.url)), 'utf8')) as Spec;
const SHIM = fileURLToPath(new URL('../../python-shim', import.meta.url));
/** Generated texts sent through the shim's redaction: a few thousand take well under a second. */
const PARITY_SAMPLES = 3000;

t.test('one placeholder, one cap', async (t) => {
  t.equal(REDACTED, spec.placeholder);
  t.equal(MAX_TEXT, spec.maxText);
  t.equal(TRUNCATED, spec.truncated);
  t.equal(MIN_KNOWN_SECRET_LENGTH, spec.minKnownSecret);
});

t.test('text cases', async (t) => {
  for (const c of spec.text) {
    const secrets = knownSecretsFromEnv(c.env ?? {});
    t.equal(redactText(c.in, secrets), c.out, c.why);
    t.equal(redactText(c.out, secrets), c.out, `${c.why}: stays as it is`);
  }
});

t.test('env names and pair keys', async (t) => {
  for (const n of spec.envNames.secret) t.ok(isSecretEnvName(n), n);
  for (const n of spec.envNames.notSecret) t.notOk(isSecretEnvName(n), n);
  for (const k of spec.pairKeys.secret) t.ok(isSecretPairKey(k), k);
  for (const k of spec.pairKeys.notSecret) t.notOk(isSecretPairKey(k), k);
});

t.test('JSON values', async (t) => {
  for (const c of spec.json) t.same(redactJson(c.in, knownSecretsFromEnv(c.env ?? {})), c.out, c.why);
});

t.test('truncation', async (t) => {
  for (const c of spec.truncate) t.equal(truncateText(c.in, c.limit ?? MAX_TEXT), c.out, c.why);
});

/** Reads JSON lines [text, secrets] and prints the shim's redaction of each, one JSON string a line. */
const PYTHON_REDACT = `
import json, sys
sys.path.insert(0, sys.argv[1])
from flakescope_shim import redact
for line in sys.stdin:
    text, secrets = json.loads(line)
    print(json.dumps(redact.redact(text, sorted(secrets, key=len, reverse=True))))
`;

t.test('generated text: the shim redacts as the reader does, leaving it nothing to redact', async (t) => {
  const fragments = fc.constantFrom(
    'password', 'Password', 'token', 'api_key', 'X-Api-Key', 'signing_key', 'client_secret', 'session', 'sessionid',
    'Cookie', 'Set-Cookie', 'Authorization', 'Bearer', 'KeyError', 'key', 'postgresql://', 'u:', 'p@ss', '@db', '/x',
    '=', ': ', ':', '"', "'", "b'", '{', '}', '[', ']', ', ', ';', '&', ' ', '\t', '\n', '\u00a0', 'ſ', 'é', '[REDACTED]',
    'hunter22', 'k3y-4f9a2c', 'sha256:0123456789ab', 'abcdefghijkl', '...', '\\', 'API key', 'signing ', 'x key',
    'eyJhbGciOiJIUzI1NiJ9', '.eyJzdWIiOiIxMjM0NTY3ODkwIn0', '.dozjgNryP4J3jVmNHl0w5N', 'AKIAIOSFODNN7EXAMPLE', 'sk_live_', '51HxYzAbCdEfGhIjKlMn',
  );
  const texts = fc.sample(fc.array(fc.oneof({ weight: 6, arbitrary: fragments }, { weight: 1, arbitrary: fc.string({ maxLength: 4 }) }), { maxLength: 14 }).map((a) => a.join('')), { numRuns: PARITY_SAMPLES, seed: 22 });
  const secrets = ['k3y-4f9a2c', 'hunter22'];
  const input = texts.map((text) => JSON.stringify([text, secrets])).join('\n');
  const r = spawnSync('python3', ['-c', PYTHON_REDACT, SHIM], { input, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  t.equal(r.status, 0, r.stderr);
  const shim = r.stdout.trim().split('\n').map((line) => JSON.parse(line) as string);
  t.equal(shim.length, texts.length, 'one answer per text');
  const differ = texts.map((text, i) => ({ text, shim: shim[i], reader: redactText(text, secrets) })).filter((x) => x.shim !== x.reader);
  t.same(differ.slice(0, 5), [], 'the shim and the reader agree');
  const left = shim.filter((s) => redactText(s, secrets) !== s);
  t.same(left.slice(0, 5), [], 'the reader finds nothing left to redact in what the shim wrote');
});
