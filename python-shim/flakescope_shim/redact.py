"""Rule 8: redact values that look like secrets and truncate text before it reaches disk.

The same rules, placeholder and cap as the reader's src/trace/redact.ts, so the shim writes
nothing the reader would still change: test/fixtures/redaction-cases.json holds the cases
both are tested against. The patterns are the TypeScript ones; re.ASCII with IGNORECASE is
how JavaScript's /i matches (ASCII letters only), and WHITESPACE is JavaScript's \\s.
"""
import os

from . import changes

PLACEHOLDER = "[REDACTED]"
# Long enough for a failure's first lines, short enough to keep traces small.
MAX_TEXT = 500
TRUNCATED = "..."

# JavaScript's \s, spelled out so both implementations end a value at the same characters.
WHITESPACE = "\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"

# (pattern, replacement) in the reader's order, compiled on first use: most processes never write
# text that could hold a secret, and compiling them added to every process's start-up.
_PATTERN_SOURCES = [
    # authorization-header / cookie-header: the whole value, whatever its scheme or cookies
    (r"\b((?:proxy-)?authorization|(?:set-)?cookie)([\"']?[ \t]*[:=][ \t]*)([\"']?)[^\"'\r\n]+", r"\1\2\3" + PLACEHOLDER),
    # url-credentials: scheme://user:password@host, the user kept; the password runs to the last @
    (r"(?<![a-z0-9+.\-])([a-z][a-z0-9+.\-]*://)([^" + WHITESPACE + r"/@:'\"]*):[^" + WHITESPACE + r"/'\"]+@", r"\1\2:" + PLACEHOLDER + "@"),
    # secret-pair: a key and its separator; the value is read by _PAIR_VALUE when the key is secret
    (r"(?<![A-Za-z0-9_.\-])([A-Za-z_][A-Za-z0-9_.\-]*)([\"']?\]?[ \t]*[=:][ \t]*)", None),
    # bearer-token: a bare "Bearer <token>" outside an Authorization header
    (r"\b(Bearer[ \t]+)[A-Za-z0-9._~+/=\-]{8,}", r"\1" + PLACEHOLDER),
    # token-format: JWTs, AWS access key ids, GitHub, Slack, Stripe and Google API keys, named or not (case matters)
    (r"(?-i:\b(?:eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}|AKIA[0-9A-Z]{16}|gh[pousr]_[A-Za-z0-9]{36,}"
     r"|xox[abprs]-[A-Za-z0-9-]{10,}|[rsp]k_(?:live|test)_[A-Za-z0-9]{16,}|AIza[0-9A-Za-z_-]{35})\b)", PLACEHOLDER),
]
# "API key: ...", "signing key = ...": KEY alone, after a qualifying word (in the few characters before it).
_QUALIFIED_KEY_SOURCE = r"(?:^|[^A-Za-z0-9_])(?:api|access|private|secret|signing|encryption|hmac|master|session|client)[ \t]+$"
_QUALIFIER_WINDOW = 25
# The value after a secret key's separator: done already (the placeholder, or our hash of a value, which
# tells resources apart: env:API_TOKEN=sha256:...), quoted (a bytes/str prefix kept), or bare.
_PAIR_VALUE_SOURCE = r"(\[REDACTED\]|sha256:[0-9a-f]{12}(?![0-9a-z]))|([bBuUrR]{0,2})(?:\"([^\"\r\n]*)\"|'([^'\r\n]*)')|([^" + WHITESPACE + r"\"'&;,)}\]]+)"
# Every match of a pattern above contains one of these, lower-cased (the patterns match ASCII letters
# only, whose lower case is the same in any text): text without any is left as it is.
_PATTERN_CLUES = ("pass", "secret", "token", "key", "cred", "auth", "sess", "cookie", "://", "bearer",
                  "eyj", "akia", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "xox", "k_live_", "k_test_", "aiza")
# Without ':' or '=' only these rules can match (bearer-token, token-format): their clues, lower-cased.
_NO_SEPARATOR_CLUES = _PATTERN_CLUES[9:]
_patterns = []


def _compiled():
    if not _patterns:
        import re  # here: the first redaction pays for it, not every process's start-up

        _patterns.extend((re.compile(source, re.ASCII | re.IGNORECASE), repl) for source, repl in _PATTERN_SOURCES)
        _patterns.append(re.compile(_QUALIFIED_KEY_SOURCE, re.ASCII | re.IGNORECASE))
        _patterns.append(re.compile(_PAIR_VALUE_SOURCE, re.ASCII | re.IGNORECASE))
    return _patterns


# Values of secret-named environment variables are redacted wherever they appear. Shorter values
# ("1", "true", "dev") are everyday words: replacing them would garble text and hide nothing.
MIN_KNOWN_SECRET = 6

# Name parts (split on whitespace _ - . and camelCase) that make an env var secret; the same as
# isSecretEnvName in src/trace/redact.ts.
_SECRET_PARTS = frozenset([
    "PASSWORD", "PASSWORDS", "PASSWD", "PASSPHRASE", "TOKEN", "TOKENS", "SECRET", "SECRETS",
    "CREDENTIAL", "CREDENTIALS", "CREDS", "AUTH", "APIKEY", "PRIVATEKEY", "ACCESSKEY", "KEY",
])
# Every part above contains one of these: a name without any is not split at all.
_PART_CLUES = ("PASS", "TOKEN", "SECRET", "CRED", "AUTH", "KEY")
# Keys of key=value pairs in free text: the env parts but KEY, and session cookies' names.
_PAIR_PARTS = (_SECRET_PARTS - {"KEY"}) | frozenset(["SESSION", "SESSIONID", "SESSID", "JSESSIONID", "PHPSESSID", "COOKIE"])
# "KEY" alone is everywhere in free text (KeyError: 'x', key: value): a pair needs a part before it.
_KEY_QUALIFIERS = frozenset(["API", "ACCESS", "PRIVATE", "SECRET", "SIGNING", "ENCRYPTION", "HMAC", "MASTER", "SESSION", "CLIENT"])
# Exception names (TokenError, AuthWarning) followed by ": message" are not secret pairs.
_EXCEPTION_SUFFIXES = frozenset(["ERROR", "EXCEPTION", "WARNING"])
_secret_name_cache = {}
# WHITESPACE's characters one by one (JavaScript's trimEnd strips the same ones).
_SPACES = "\t\n\v\f\r \u00a0\u1680\u2028\u2029\u202f\u205f\u3000\ufeff" + "".join(chr(c) for c in range(0x2000, 0x200B))
_SEPARATORS = frozenset("_.-" + _SPACES)


def _parts(name):
    """The name split at separators and where camelCase turns upper (a-z0-9 then A-Z, ASCII), as the
    reader's nameParts does with two regular expressions, empty parts aside. Without re: importing it
    added to the start-up of every process whose environment has a clue in a name."""
    parts = []
    word = previous = ""
    for char in name:
        if char in _SEPARATORS:
            parts.append(word)
            word = ""
        else:
            if "A" <= char <= "Z" and ("a" <= previous <= "z" or "0" <= previous <= "9"):
                parts.append(word)
                word = ""
            word += char
        previous = char
    parts.append(word)
    return [p.upper() for p in parts if p]


def is_secret_env_name(name):
    known = _secret_name_cache.get(name)
    if known is None:
        upper = name.upper()
        known = any(clue in upper for clue in _PART_CLUES) and any(p in _SECRET_PARTS for p in _parts(name))
        if len(_secret_name_cache) >= _MAX_CACHED:
            _secret_name_cache.clear()
        _secret_name_cache[name] = known
    return known


_pair_key_cache = {}


def is_secret_pair_key(key):
    known = _pair_key_cache.get(key)
    if known is None:
        parts = _parts(key)
        known = bool(parts) and parts[-1] not in _EXCEPTION_SUFFIXES and any(
            p in _PAIR_PARTS or (p == "KEY" and i > 0 and parts[i - 1] in _KEY_QUALIFIERS) for i, p in enumerate(parts))
        if len(_pair_key_cache) >= _MAX_CACHED:
            _pair_key_cache.clear()
        _pair_key_cache[key] = known
    return known


def _pairs(key_pattern, qualified_pattern, value_pattern, text):
    """Every key=value whose key is secret, its value replaced. Scanned by hand: a key that is not
    secret consumes only itself and its separator, so a pair inside its value (AssertionError:
    'token=x') is still found, and no value is read twice."""
    out = []
    last = pos = 0
    while True:
        match = key_pattern.search(text, pos)
        if match is None:
            break
        pos = match.end()
        key = match.group(1)
        if not is_secret_pair_key(key) and not (
                key.upper() == "KEY" and qualified_pattern.search(text[max(0, match.start() - _QUALIFIER_WINDOW):match.start()])):
            continue
        value = value_pattern.match(text, pos)
        if value is None or value.group(1) is not None:
            continue
        prefix, dq, sq, bare = value.group(2, 3, 4, 5)
        if not (dq if dq is not None else sq if sq is not None else bare):
            continue
        quote = '"' if dq is not None else "'" if sq is not None else ""
        out.append("%s%s%s%s%s%s%s" % (text[last:match.start()], key, match.group(2), prefix or "", quote, PLACEHOLDER, quote))
        last = pos = value.end()
    return "".join(out) + text[last:] if out else text


# Distinct texts whose rule-redaction is remembered: traces repeat test ids, targets and messages.
_MAX_CACHED = 65536
_ruled = {}
# The process environment, captured at import (rule 2): a test that replaces os.environ with a mock
# must not see our reads of it as calls of its own.
_environ = os.environ
# Secret env values seen in this process, kept after a test removes its variable again.
_seen_secrets = set()
_secrets_state = [None, (), None]  # (environ data last scanned, the secrets sorted longest first, changes.env then)


def known_secrets():
    """Secret env values, longest first (so a secret that contains another is removed whole): the
    environment as it is now, as tests may set them at import or in setUp, after we started, and
    every one seen before. The environment is scanned again only when it changed."""
    try:
        data = getattr(_environ, "_data", None)
        # While the audit hook watches, an os.environ change moves changes.env: no need to compare.
        if data is not None and (_secrets_state[2] == changes.env and changes.watching or data == _secrets_state[0]):
            return _secrets_state[1]
        seen = changes.env
        items = list(_environ.items())
    except Exception:
        return _secrets_state[1]
    before = len(_seen_secrets)
    _seen_secrets.update(v for k, v in items if len(v) >= MIN_KNOWN_SECRET and is_secret_env_name(k))
    if len(_seen_secrets) != before or not _secrets_state[1] and _seen_secrets:
        _secrets_state[1] = tuple(sorted(_seen_secrets, key=len, reverse=True))
    _secrets_state[0] = dict(data) if data is not None else None
    _secrets_state[2] = seen
    return _secrets_state[1]


def _replace_known(text, secrets):
    for value in secrets:
        if value in text:
            text = text.replace(value, PLACEHOLDER)
    return text


def redact_rules(text):
    """`text` with the rules applied (no known secrets): what every string the shim writes goes through."""
    hit = _ruled.get(text)
    if hit is None:
        hit = _apply_rules(text)
        if len(_ruled) >= _MAX_CACHED:
            _ruled.clear()
        _ruled[text] = hit
    return hit


def _apply_rules(text):
    lower = text.lower()
    if ":" not in text and "=" not in text and not any(clue in lower for clue in _NO_SEPARATOR_CLUES):
        return text
    if not any(clue in lower for clue in _PATTERN_CLUES):
        return text
    return _rules_on(text)


def _rules_on(text):
    patterns = _compiled()
    qualified, value = patterns[-2], patterns[-1]
    for pattern, repl in patterns[:-2]:
        text = pattern.sub(repl, text) if repl is not None else _pairs(pattern, qualified, value, text)
    return text


def redact(text, secrets=None):
    """`text` with known secrets and then the rules applied; `secrets`: known_secrets() when the caller has it."""
    return redact_rules(_replace_known(text, known_secrets() if secrets is None else secrets))


def redact_value(value, secrets=()):
    """A copy of a JSON value with every string redacted (keys too), and the string value of a
    secret-named key replaced whole, as the reader's redactJson does; `key` is an identity, not a secret.
    Every event the shim writes goes through here: the common shapes (a flat dict of strings and
    numbers) are handled inline, with the rules' and the keys' decisions cached."""
    kind = value.__class__
    if kind is str:
        if secrets:
            return redact(value, secrets)
        hit = _ruled.get(value)
        return hit if hit is not None else redact_rules(value)
    if kind is dict:
        return _redact_dict(value, secrets)
    if kind is list or kind is tuple:
        return [redact_value(v, secrets) for v in value]
    if value is None or isinstance(value, (bool, int, float)):
        return value
    return redact_value(str(value), secrets)


# key -> (the key redacted, whether its string value is replaced whole)
_keys = {}


def _key(k):
    info = _keys.get(k)
    if info is None:
        if len(_keys) >= _MAX_CACHED:
            _keys.clear()
        info = _keys[k] = (redact_rules(k), k != "key" and is_secret_env_name(k))
    return info


def _redact_dict(value, secrets):
    out = {}
    ruled = _ruled
    for k, v in value.items():
        if k.__class__ is not str:
            out[k] = redact_value(v, secrets)
            continue
        info = _keys.get(k) or _key(k)
        name = redact(k, secrets) if secrets else info[0]
        kind = v.__class__
        if kind is str:
            if info[1]:
                out[name] = PLACEHOLDER
            elif secrets:
                out[name] = redact(v, secrets)
            else:
                hit = ruled.get(v)
                out[name] = hit if hit is not None else redact_rules(v)
        elif kind is int or kind is float or kind is bool or v is None:
            out[name] = v
        else:
            out[name] = redact_value(v, secrets)
    return out


def truncate(text, limit=MAX_TEXT):
    """Redacted, then cut to `limit` characters with TRUNCATED at the end. A cut that would give the
    reader something to redact again (half a placeholder, a secret's name before the marker) drops
    words until it does not."""
    text = redact(text)
    if len(text) <= limit:
        return text
    cut = text[: max(limit - len(TRUNCATED), 0)]
    while True:
        out = cut + TRUNCATED
        if redact_rules(out) == out:
            return out
        cut = cut[: max(cut.rstrip(_SPACES).rfind(" "), 0)]


def first_lines(text, count=3):
    """The first `count` non-empty lines, redacted and truncated."""
    lines = [line for line in str(text).splitlines() if line.strip()]
    return truncate("\n".join(lines[:count]))
