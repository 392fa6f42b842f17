// Redaction of secrets in strings, env maps and whole JSON values (docs/design.md, "The shim's rules", rule 9).
// Pure: the caller supplies the known secret values (see knownSecretsFromEnv).
//
// Names are judged by WORD PARTS, not substrings: "DB_PASSWORD", "apiToken", "GPG_KEY" are
// secret; "KEYBOARD_LAYOUT", "MONKEY", "TOKENIZERS_PARALLELISM", "AUTHOR" are not. Parts are
// split on "_", "-", ".", spaces and lower→Upper camelCase boundaries.

export const REDACTED = '[REDACTED]';

/** Shorter env values ("1", "true", "dev") are everyday words: replacing them everywhere would
 *  garble every report while hiding nothing worth hiding. */
export const MIN_KNOWN_SECRET_LENGTH = 6;

/** Text longer than this is cut (the shim's failure messages, reprs): enough for a failure's
 *  first lines, short enough to keep traces small. The shim's MAX_TEXT is the same. */
export const MAX_TEXT = 500;
/** What ends a cut text. */
export const TRUNCATED = '...';

/** JavaScript's \s, spelled out: the shim's Python port uses the same characters. */
const WS = '\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff';

/** Parts that make any name secret, in env names and in `name=value` pairs alike. */
const SECRET_PARTS = new Set([
  'PASSWORD', 'PASSWORDS', 'PASSWD', 'PASSPHRASE', 'TOKEN', 'TOKENS', 'SECRET', 'SECRETS',
  'CREDENTIAL', 'CREDENTIALS', 'CREDS', 'AUTH', 'APIKEY', 'PRIVATEKEY', 'ACCESSKEY',
]);
/** Session cookies' names: secret in `name=value` pairs (an env var named SESSION is not). */
const SESSION_PARTS = new Set(['SESSION', 'SESSIONID', 'SESSID', 'JSESSIONID', 'PHPSESSID', 'COOKIE']);
/** "KEY" alone marks an env var (GPG_KEY, STRIPE_KEY) but not a pair in free text, where
 *  "KeyError: 'x'" and "key: value" are everywhere; in pairs it needs a qualifying part before it. */
const KEY_PART = 'KEY';
const KEY_QUALIFIERS = new Set(['API', 'ACCESS', 'PRIVATE', 'SECRET', 'SIGNING', 'ENCRYPTION', 'HMAC', 'MASTER', 'SESSION', 'CLIENT']);
/** Exception names (TokenError, AuthWarning) followed by ": message" are not secret pairs. */
const EXCEPTION_SUFFIXES = new Set(['ERROR', 'EXCEPTION', 'WARNING']);

const NAME_SEPARATORS = new RegExp(`[${WS}_.\\-]+`);

export function nameParts(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(NAME_SEPARATORS)
    .filter((p) => p.length > 0)
    .map((p) => p.toUpperCase());
}

/** Env var names whose values are secret: a secret part, or KEY as a part. */
export function isSecretEnvName(name: string): boolean {
  return nameParts(name).some((p) => SECRET_PARTS.has(p) || p === KEY_PART);
}

/** Distinct pair keys whose decision is remembered: free text repeats the same few (File, line, Error...). */
const PAIR_KEY_CACHE_SIZE = 10_000;
let pairKeys = new Map<string, boolean>();

/** Keys of `key=value` / `key: value` pairs in free text whose value is secret. */
export function isSecretPairKey(key: string): boolean {
  let secret = pairKeys.get(key);
  if (secret === undefined) {
    secret = decidePairKey(key);
    if (pairKeys.size >= PAIR_KEY_CACHE_SIZE) pairKeys = new Map();
    pairKeys.set(key, secret);
  }
  return secret;
}

function decidePairKey(key: string): boolean {
  const parts = nameParts(key);
  const last = parts[parts.length - 1];
  if (last === undefined || EXCEPTION_SUFFIXES.has(last)) return false;
  return parts.some(
    (p, i) => SECRET_PARTS.has(p) || SESSION_PARTS.has(p) || (p === KEY_PART && i > 0 && KEY_QUALIFIERS.has(parts[i - 1] ?? '')),
  );
}

/** Values of secret-named variables of an environment (normally process.env), long enough to
 *  be replaced wherever they appear. */
export function knownSecretsFromEnv(env: Readonly<Record<string, string | undefined>>): string[] {
  const values = new Set<string>();
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && value.length >= MIN_KNOWN_SECRET_LENGTH && isSecretEnvName(name)) values.add(value);
  }
  return [...values];
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

interface Rule {
  name: string;
  /** Why the rule exists. */
  reason: string;
  apply(text: string): string;
}

// The patterns are the shim's too (python-shim/flakescope_shim/redact.py): /i matches ASCII letters only,
// as Python's re.ASCII | re.IGNORECASE does.
const HEADER = /\b((?:proxy-)?authorization|(?:set-)?cookie)(["']?[ \t]*[:=][ \t]*)(["']?)[^"'\r\n]+/gi;
const URL_CREDENTIALS = new RegExp(`(?<![a-z0-9+.\\-])([a-z][a-z0-9+.\\-]*://)([^${WS}/@:'"]*):[^${WS}/'"]+@`, 'gi');
/** A key and its separator; the lookbehind starts keys only at a word start, which keeps long words linear. */
const PAIR_KEY = /(?<![A-Za-z0-9_.\-])([A-Za-z_][A-Za-z0-9_.\-]*)(["']?\]?[ \t]*[=:][ \t]*)/g;
/** The value after a secret key's separator (sticky): done already (the placeholder, or the shim's hash
 *  of a value, which tells resources apart: env:API_TOKEN=sha256:...), quoted (a bytes/str prefix kept), or bare. */
const PAIR_VALUE = new RegExp(`(\\[REDACTED\\]|sha256:[0-9a-f]{12}(?![0-9a-z]))|([bBuUrR]{0,2})(?:"([^"\\r\\n]*)"|'([^'\\r\\n]*)')|([^${WS}"'&;,)}\\]]+)`, 'iy');

/** "API key: ...", "signing key = ...": KEY alone, after a qualifying word (looked for in the few characters before it). */
const QUALIFIED_KEY = /(?:^|[^A-Za-z0-9_])(?:api|access|private|secret|signing|encryption|hmac|master|session|client)[ \t]+$/i;
const QUALIFIER_WINDOW = 25;

function isSecretPairAt(t: string, key: string, at: number): boolean {
  return isSecretPairKey(key) || (key.toUpperCase() === KEY_PART && QUALIFIED_KEY.test(t.slice(Math.max(0, at - QUALIFIER_WINDOW), at)));
}

/** Every `key=value` whose key is secret, its value replaced. Scanned by hand: a key that is not
 *  secret consumes only itself and its separator, so a pair inside its value (`AssertionError:
 *  'token=x'`) is still found, and no value is read twice. */
function redactPairs(t: string): string {
  let out = '';
  let last = 0;
  PAIR_KEY.lastIndex = 0;
  for (let m = PAIR_KEY.exec(t); m !== null; m = PAIR_KEY.exec(t)) {
    const key = m[1] ?? '';
    if (!isSecretPairAt(t, key, m.index)) continue;
    PAIR_VALUE.lastIndex = PAIR_KEY.lastIndex;
    const v = PAIR_VALUE.exec(t);
    if (v === null || v[1] !== undefined) continue;
    const [, , prefix, dq, sq] = v;
    const quote = dq !== undefined ? '"' : sq !== undefined ? "'" : '';
    if ((dq ?? sq ?? v[5] ?? '').length === 0) continue;
    out += `${t.slice(last, m.index)}${key}${m[2] ?? ''}${prefix ?? ''}${quote}${REDACTED}${quote}`;
    last = PAIR_VALUE.lastIndex;
    PAIR_KEY.lastIndex = last;
  }
  return last === 0 ? t : out + t.slice(last);
}
const BEARER = /\b(Bearer[ \t]+)[A-Za-z0-9._~+/=\-]{8,}/gi;
/** Tokens whose format says what they are: JWTs, AWS access key ids, GitHub, Slack, Stripe and Google API keys. */
const TOKEN_FORMATS = /\b(?:eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}|AKIA[0-9A-Z]{16}|gh[pousr]_[A-Za-z0-9]{36,}|xox[abprs]-[A-Za-z0-9-]{10,}|[rsp]k_(?:live|test)_[A-Za-z0-9]{16,}|AIza[0-9A-Za-z_-]{35})\b/g;

const RULES: readonly Rule[] = [
  {
    name: 'authorization-header',
    reason: 'HTTP Authorization / Proxy-Authorization values carry credentials whatever their scheme; Cookie / Set-Cookie carry sessions',
    apply: (t) => t.replace(HEADER, (_m, name: string, sep: string, quote: string) => `${name}${sep}${quote}${REDACTED}`),
  },
  {
    name: 'url-credentials',
    reason: 'scheme://user:password@host (DSNs, URLs) embeds a password; the user name is kept to stay recognisable',
    apply: (t) => t.replace(URL_CREDENTIALS, (_m, scheme: string, user: string) => `${scheme}${user}:${REDACTED}@`),
  },
  {
    name: 'secret-pair',
    reason: 'password=..., token: "...", api_key=..., session=... in messages, reprs, headers and command lines',
    apply: redactPairs,
  },
  {
    name: 'bearer-token',
    reason: 'a bare "Bearer <token>" outside an Authorization header is still a credential',
    apply: (t) => t.replace(BEARER, (_m, lead: string) => `${lead}${REDACTED}`),
  },
  {
    name: 'token-format',
    reason: 'a JWT or a cloud provider\'s key is recognisable by its format, named or not',
    apply: (t) => t.replace(TOKEN_FORMATS, REDACTED),
  },
];

export const REDACTION_RULES: ReadonlyArray<Pick<Rule, 'name' | 'reason'>> = [
  { name: 'known-secret-value', reason: 'a value of a secret-named env var is a secret wherever it shows up' },
  ...RULES.map(({ name, reason }) => ({ name, reason })),
];

/** Every rule needs a ':' or '=' (header, URL, pair), the word Bearer or a token format's prefix: text
 *  without them and without a known secret comes out unchanged, which is most of a trace (files, test ids, targets). */
const RULES_MAY_APPLY = /[:=]|bearer|eyJ|AKIA|gh[pousr]_|xox|k_live_|k_test_|AIza/i;

export interface Redactor {
  (text: string): string;
  /** False when no rule and no known secret can change `text`: it comes out as it went in. */
  mayChange(text: string): boolean;
}

/** Builds a redactor for a fixed list of known secret values (longest replaced first, so a
 *  secret that contains another is removed whole). */
export function makeRedactor(knownSecrets: readonly string[] = []): Redactor {
  const secrets = [...new Set(knownSecrets)]
    .filter((s) => s.length >= MIN_KNOWN_SECRET_LENGTH)
    .sort((a, b) => b.length - a.length);
  const known = secrets.length > 0 ? new RegExp(secrets.map(escapeRegExp).join('|'), 'g') : null;
  const anyKnown = known ? new RegExp(known.source) : null;
  const mayChange = (text: string): boolean => RULES_MAY_APPLY.test(text) || (anyKnown !== null && anyKnown.test(text));
  const redact = (text: string): string => {
    if (!mayChange(text)) return text;
    let out = known ? text.replace(known, REDACTED) : text;
    for (const rule of RULES) out = rule.apply(out);
    return out;
  };
  return Object.assign(redact, { mayChange });
}

export function redactText(text: string, knownSecrets: readonly string[] = []): string {
  return makeRedactor(knownSecrets)(text);
}

/** Env map copy: secret-named values replaced whole, every other value redacted as text. */
export function redactEnv(
  env: Readonly<Record<string, string | undefined>>,
  knownSecrets: readonly string[] = [],
): Record<string, string> {
  const redact = makeRedactor(knownSecrets);
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) continue;
    out[name] = isSecretEnvName(name) ? REDACTED : redact(value);
  }
  return out;
}

/** The trace's `key` field is a resource's identity (thread ident, fd and path, env name with the
 *  shim's hash of the value), not a credential: replacing it whole made every resource one key, so
 *  any close matched any open. Its text is still redacted like any other string. */
export function isIdentityField(name: string): boolean {
  return name === 'key';
}

/** Distinct strings remembered by a JSON redactor: traces repeat the same messages and reprs many
 *  times, and redacting each once keeps per-event redaction affordable. */
export const REDACT_CACHE_SIZE = 50_000;

/** A reusable redactor of JSON values (see redactJson) that remembers the redaction of repeated
 *  strings. `inPlace`: values are the caller's own (freshly parsed) and are changed rather than
 *  copied, with the same result. `share`: only what redaction changes is copied, every unchanged
 *  array and plain object is the input's own (the input is left as it is, and must not be changed
 *  through the result): the same JSON as a copy without allocating a second report. */
export function makeJsonRedactor(knownSecrets: readonly string[] = [], opts: { inPlace?: boolean; share?: boolean } = {}): <T>(value: T) => T {
  const plain = makeRedactor(knownSecrets);
  let cache = new Map<string, string>();
  const redact = (text: string): string => {
    if (!plain.mayChange(text)) return text;
    let out = cache.get(text);
    if (out === undefined) {
      out = plain(text);
      if (cache.size >= REDACT_CACHE_SIZE) cache = new Map();
      cache.set(text, out);
    }
    return out;
  };
  // Keys repeat on every event: whether each is secret-named and whether redaction renames it, once.
  let keys = new Map<string, { secret: boolean; renamed: boolean }>();
  const keyInfo = (k: string): { secret: boolean; renamed: boolean } => {
    let info = keys.get(k);
    if (info === undefined) {
      info = { secret: isSecretEnvName(k) && !isIdentityField(k), renamed: k === '__proto__' || redact(k) !== k };
      if (keys.size >= REDACT_CACHE_SIZE) keys = new Map();
      keys.set(k, info);
    }
    return info;
  };
  const isSecretKey = (k: string): boolean => keyInfo(k).secret;
  const valueOf = (k: string, child: unknown, walk: (v: unknown) => unknown): unknown => (typeof child === 'string' && isSecretKey(k) ? REDACTED : walk(child));
  const copy = (v: unknown): unknown => {
    if (typeof v === 'string') return redact(v);
    if (Array.isArray(v)) return v.map(copy);
    if (v !== null && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, child] of Object.entries(v)) out[keyInfo(k).renamed ? redact(k) : k] = valueOf(k, child, copy);
      return out;
    }
    return v;
  };
  const change = (v: unknown): unknown => {
    if (typeof v === 'string') return redact(v);
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) v[i] = change(v[i]);
      return v;
    }
    if (v !== null && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      // A key that redaction renames (or __proto__, which an assignment would not keep) changes the
      // object's shape: that rare object is copied instead.
      for (const k in o) if (keyInfo(k).renamed) return copy(o);
      for (const k in o) o[k] = valueOf(k, o[k], change);
      return o;
    }
    return v;
  };
  const share = (v: unknown): unknown => {
    if (typeof v === 'string') return redact(v);
    if (Array.isArray(v)) {
      let out: unknown[] | null = null;
      for (let i = 0; i < v.length; i++) {
        const x = share(v[i]);
        if (out === null && x !== v[i]) out = v.slice(0, i);
        out?.push(x);
      }
      return out ?? v;
    }
    if (v !== null && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      // Anything but a plain object (and a renamed key, as in `change`) goes through `copy`, whose JSON may differ from its own.
      const proto = Object.getPrototypeOf(o) as unknown;
      if (proto !== Object.prototype && proto !== null) return copy(o);
      const keys = Object.keys(o);
      let out: Record<string, unknown> | null = null;
      // One pass, each key looked up once and a string or scalar value not walked into (valueOf, inlined):
      // a report's tens of thousands of values are walked once, by code not yet optimised.
      for (let i = 0; i < keys.length; i++) {
        const k = keys[i] as string;
        const info = keyInfo(k);
        if (info.renamed) return copy(o);
        const child = o[k];
        const x = typeof child === 'string' ? (info.secret ? REDACTED : redact(child)) : typeof child === 'object' && child !== null ? share(child) : child;
        if (out === null && x !== child) {
          out = {};
          for (const before of keys.slice(0, i)) out[before] = o[before];
        }
        if (out !== null) out[k] = x;
      }
      return out ?? o;
    }
    return v;
  };
  const walk = opts.inPlace === true ? change : opts.share === true ? share : copy;
  return <T>(value: T): T => walk(value) as T;
}

/** Deep copy of a JSON value (a Report, trace events) with every string redacted and the values
 *  of secret-named keys replaced whole. Keys themselves are redacted as text too. */
export function redactJson<T>(value: T, knownSecrets: readonly string[] = []): T {
  return makeJsonRedactor(knownSecrets)(value);
}

/** Redacted, then cut to `max` characters (code points) ending in TRUNCATED, as the shim's truncate():
 *  a cut that would leave something to redact again (half a placeholder, a secret's name before the
 *  marker) drops words until it does not. */
export function truncateText(text: string, max: number = MAX_TEXT, knownSecrets: readonly string[] = []): string {
  const redact = makeRedactor(knownSecrets);
  const chars = Array.from(redact(text));
  if (chars.length <= max) return chars.join('');
  let cut = chars.slice(0, Math.max(max - TRUNCATED.length, 0)).join('');
  for (;;) {
    const out = `${cut}${TRUNCATED}`;
    if (redact(out) === out) return out;
    cut = cut.slice(0, Math.max(cut.trimEnd().lastIndexOf(' '), 0));
  }
}
