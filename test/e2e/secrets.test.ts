// Secrets stay off disk: a suite whose failures and output print a signing key, a client secret, a DSN
// password, API-key and cookie headers, a bearer token and a secret from its environment, run twice
// (so run 1's output goes to logs/1.log) with every format. None of those values may appear in any
// file under --out, and the shim's traces must hold nothing the reader would still redact.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import t from 'tap';
import { knownSecretsFromEnv, redactJson } from '../../src/trace/redact.js';

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
/** Two runs of seven tiny tests and the reports: seconds; a minute means it hung. */
const RUN_TIMEOUT_MS = 120_000;
const ENV_SECRET = { DEPLOY_TOKEN: 'dt-5e6f7a8b9c0d' };
const SECRETS = ['sk-sign-4f9a2c8e7d61', 'cs-9f8e7d6c5b4a3', 'dsn-pw-77aa91', 'ak-0123456789abcdef', '8c1f2e3d4b5a69780',
  'tok-abcdef0123456789', ENV_SECRET.DEPLOY_TOKEN];

const SUITE = `
import os
import unittest
from unittest import mock

SIGNING_KEY = "${SECRETS[0]}"
CLIENT_SECRET = "${SECRETS[1]}"
DSN = "postgresql://app:${SECRETS[2]}@db.internal:5432/app"
HEADERS = {"X-Api-Key": "${SECRETS[3]}", "Cookie": "session=${SECRETS[4]}", "Accept": "*/*"}


class Secrets(unittest.TestCase):
    def test_signing_key(self):
        self.assertEqual("sig-a", "sig-b", "signing_key=%s" % SIGNING_KEY)

    def test_client_secret(self):
        self.assertEqual({"client_id": "web", "client_secret": CLIENT_SECRET}, {"client_id": "web"})

    def test_dsn(self):
        self.fail("could not connect to %s" % DSN)

    def test_headers(self):
        self.assertEqual(HEADERS, {})

    def test_printed(self):
        print("sending", HEADERS, "to", DSN)
        print("Authorization: Bearer ${SECRETS[5]}")
        self.fail("see output")

    def test_env_secret(self):
        self.fail("token from the environment: %s" % os.environ.get("DEPLOY_TOKEN"))

    def test_leaks_a_patch(self):
        mock.patch("os.getcwd", return_value="/" + SIGNING_KEY).start()
`;

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? walk(p) : [p];
  });
}

t.test('no secret a failing suite prints reaches any file under --out', async (t) => {
  const dir = t.testdir({ 'test_secrets.py': SUITE });
  const r = spawnSync(process.execPath, [CLI, 'run', '--runs', '2', '--format', 'terminal,json,junit,sarif,html,md', '--out', 'out', '--',
    'python3', '-m', 'unittest', 'test_secrets'], { cwd: dir, encoding: 'utf8', env: { ...process.env, ...ENV_SECRET, NO_COLOR: '1' }, timeout: RUN_TIMEOUT_MS });
  t.equal(r.status, 1, r.stderr);
  const files = walk(path.join(dir, 'out'));
  for (const name of ['report.json', 'junit.xml', 'report.sarif', 'report.html', 'report.md', path.join('logs', '1.log')]) {
    t.ok(files.includes(path.join(dir, 'out', name)), `${name} written`);
  }
  t.match(readFileSync(path.join(dir, 'out', 'logs', '1.log'), 'utf8'), /sending \{'X-Api-Key': '\[REDACTED\]', 'Cookie': '\[REDACTED\]'/, 'the rerun printed its output');
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const secret of SECRETS) t.notOk(text.includes(secret), `${path.relative(dir, file)} holds no ${secret}`);
  }
  const known = knownSecretsFromEnv({ ...process.env, ...ENV_SECRET });
  const traces = files.filter((f) => f.endsWith('.jsonl'));
  t.ok(traces.length >= 2, 'a trace per run');
  for (const file of traces) {
    const left = readFileSync(file, 'utf8').split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as unknown)
      .filter((event) => !isDeepStrictEqual(redactJson(event, known), event));
    t.same(left, [], `${path.relative(dir, file)}: nothing for the reader to redact`);
  }
});
