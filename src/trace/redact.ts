// Redaction of secrets in strings, env maps and whole JSON values (DESIGN.md, shim rule 8).
// Pure: the caller supplies the known secret values (see knownSecretsFromEnv).
//
// Names are judged by WORD PARTS, not substrings: "DB_PASSWORD", "apiToken", "GPG_KEY" are
// secret; "KEYBOARD_LAYOUT", "MONKEY", "TOKENIZERS_PARALLELISM", "AUTHOR" are not. Parts are
// split on "_", "-", ".", spaces and lower→Upper camelCase boundaries.

export const REDACTED = '[REDACTED]';

/** Shorter env values ("1", "true", "dev") are everyday words: replacing them everywhere would
 *  garble every report while hiding nothing worth hiding. */
export const MIN_KNOWN_SECRET_LENGTH = 6;

/** repr()s longer than this are cut: enough to recognise an object, not a whole payload. */
export const MAX_REPR_CHARS = 240;

/** Parts that make any name secret, in env names and in `name=value` pairs alike. */
const SECRET_PARTS = new Set([
  'PASSWORD', 'PASSWORDS', 'PASSWD', 'PASSPHRASE', 'TOKEN', 'TOKENS', 'SECRET', 'SECRETS',
  'CREDENTIAL', 'CREDENTIALS', 'CREDS', 'AUTH', 'APIKEY', 'PRIVATEKEY', 'ACCESSKEY',
]);
/** "KEY" alone marks an env var (GPG_KEY, STRIPE_KEY) but not a pair in free text, where
 *  "KeyError: 'x'" and "key: value" are everywhere; in pairs it needs a qualifying part before it. */
const KEY_PART = 'KEY';
const KEY_QUALIFIERS = new Set(['API', 'ACCESS', 'PRIVATE', 'SECRET', 'SIGNING', 'ENCRYPTION']);
/** Exception names (TokenError, AuthWarning) followed by ": message" are not secret pairs. */
const EXCEPTION_SUFFIXES = new Set(['ERROR', 'EXCEPTION', 'WARNING']);

export function nameParts(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[\s_.\-]+/)
    .filter((p) => p.length > 0)
    .map((p) => p.toUpperCase());
}

/** Env var names whose values are secret: a secret part, or KEY as a part. */
export function isSecretEnvName(name: string): boolean {
  return nameParts(name).some((p) => SECRET_PARTS.has(p) || p === KEY_PART);
}

/** Keys of `key=value` / `key: value` pairs in free text whose value is secret. */
export function isSecretPairKey(key: string): boolean {
  const parts = nameParts(key);
  const last = parts[parts.length - 1];
  if (last === undefined || EXCEPTION_SUFFIXES.has(last)) return false;
  return parts.some(
    (p, i) => SECRET_PARTS.has(p) || (p === KEY_PART && i > 0 && KEY_QUALIFIERS.has(parts[i - 1] ?? '')),
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

const RULES: readonly Rule[] = [
  {
    name: 'authorization-header',
    reason: 'HTTP Authorization / Proxy-Authorization values carry credentials whatever their scheme',
    apply: (t) =>
      t.replace(/\b((?:proxy-)?authorization)(["']?[ \t]*[:=][ \t]*)(["']?)([^"'\r\n]+)/gi,
        (_m, name: string, sep: string, quote: string) => `${name}${sep}${quote}${REDACTED}`),
  },
  {
    name: 'url-credentials',
    reason: 'scheme://user:password@host embeds a password in a URL; the user name is kept to stay recognisable',
    apply: (t) =>
      t.replace(/(?<![a-z0-9+.\-])([a-z][a-z0-9+.\-]*:\/\/)([^\s/@:'"]*):([^\s/@'"]+)@/gi,
        (_m, scheme: string, user: string) => `${scheme}${user}:${REDACTED}@`),
  },
  {
    name: 'secret-pair',
    reason: 'password=..., token: "...", api_key=... in messages, reprs and command lines',
    // The lookbehind starts keys only at a word start, which keeps long words linear, not quadratic.
    apply: (t) =>
      t.replace(
        /(?<![A-Za-z0-9_.\-])([A-Za-z_][A-Za-z0-9_.\-]*)(["']?\]?[ \t]*[=:][ \t]*)(?:"([^"\r\n]*)"|'([^'\r\n]*)'|([^\s"'&;,)}\]]+))/g,
        (m, key: string, sep: string, dq?: string, sq?: string, bare?: string) => {
          const value = dq ?? sq ?? bare ?? '';
          if (!isSecretPairKey(key) || value === REDACTED || value.length === 0) return m;
          const quote = dq !== undefined ? '"' : sq !== undefined ? "'" : '';
          return `${key}${sep}${quote}${REDACTED}${quote}`;
        }),
  },
  {
    name: 'bearer-token',
    reason: 'a bare "Bearer <token>" outside an Authorization header is still a credential',
    apply: (t) => t.replace(/\bBearer[ \t]+[A-Za-z0-9._~+/=\-]{8,}/g, `Bearer ${REDACTED}`),
  },
];

export const REDACTION_RULES: ReadonlyArray<Pick<Rule, 'name' | 'reason'>> = [
  { name: 'known-secret-value', reason: 'a value of a secret-named env var is a secret wherever it shows up' },
  ...RULES.map(({ name, reason }) => ({ name, reason })),
];

/** Every rule needs a ':' or '=' (header, URL, pair) or the word Bearer: text without them and
 *  without a known secret comes out unchanged, which is most of a trace (files, test ids, targets). */
const RULES_MAY_APPLY = /[:=]|Bearer/;

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
 *  copied, with the same result. */
export function makeJsonRedactor(knownSecrets: readonly string[] = [], opts: { inPlace?: boolean } = {}): <T>(value: T) => T {
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
      for (const [k, child] of Object.entries(v)) out[redact(k)] = valueOf(k, child, copy);
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
  const walk = opts.inPlace === true ? change : copy;
  return <T>(value: T): T => walk(value) as T;
}

/** Deep copy of a JSON value (a Report, trace events) with every string redacted and the values
 *  of secret-named keys replaced whole. Keys themselves are redacted as text too. */
export function redactJson<T>(value: T, knownSecrets: readonly string[] = []): T {
  return makeJsonRedactor(knownSecrets)(value);
}

/** Cuts a repr to `max` characters, never inside a surrogate pair, saying how much was cut. */
export function truncateRepr(repr: string, max: number = MAX_REPR_CHARS): string {
  const chars = Array.from(repr);
  if (chars.length <= max) return repr;
  return `${chars.slice(0, max).join('')}…(+${chars.length - max} chars)`;
}
