"""Rule 8: redact values that look like secrets and truncate text before it reaches disk."""
import os

# Long enough for a failure's first lines, short enough to keep traces small.
MAX_TEXT = 500

# (pattern, replacement), compiled on first use: most processes never write text that could hold a
# secret, and compiling them cost every process ~1.5 ms at start.
_PATTERN_SOURCES = [
    # key=value / key: value pairs whose key names a secret
    (r"(?i)((?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|auth[_-]?token|credential)s?[\"']?\s*[:=]\s*[\"']?)([^\s\"',;&}]+)", r"\1<redacted>"),
    # Authorization / X-Auth-Token headers
    (r"(?i)((?:authorization|x-auth-token|x-subject-token|proxy-authorization)[\"']?\s*[:=]\s*[\"']?)(?:(?:bearer|basic|token)\s+)?([^\s\"',;]+)", r"\1<redacted>"),
    # URLs with credentials: scheme://user:pass@host
    (r"(?i)\b([a-z][a-z0-9+.-]*://[^/\s:@]+:)([^/\s@]+)(@)", r"\1<redacted>\3"),
    # Bearer tokens anywhere
    (r"(?i)\b(bearer\s+)([a-z0-9._~+/=-]{8,})", r"\1<redacted>"),
]
# Every match of a pattern above in ASCII text contains one of these, lower-cased: such text without
# any is left as it is. Other text always goes through the patterns: (?i) also matches "ſ" for "s".
_PATTERN_CLUES = ("pass", "pwd", "secret", "token", "key", "credential", "authorization", "://", "bearer")
_patterns = []


def _compiled():
    if not _patterns:
        import re

        _patterns.extend((re.compile(source), repl) for source, repl in _PATTERN_SOURCES)
    return _patterns


# Values of secret-named environment variables are redacted wherever they appear. Shorter values
# ("1", "true", "dev") are everyday words: replacing them would garble text and hide nothing.
MIN_KNOWN_SECRET = 6

# Name parts (split on _ - . space and camelCase) that make an env var secret; same rule as
# isSecretEnvName in src/trace/redact.ts, so the trace and the report agree on what is secret.
_SECRET_PARTS = frozenset([
    "PASSWORD", "PASSWORDS", "PASSWD", "PASSPHRASE", "TOKEN", "TOKENS", "SECRET", "SECRETS",
    "CREDENTIAL", "CREDENTIALS", "CREDS", "AUTH", "APIKEY", "PRIVATEKEY", "ACCESSKEY", "KEY",
])
# Every part above contains one of these: a name without any is not split at all (no regex to compile).
_PART_CLUES = ("PASS", "TOKEN", "SECRET", "CRED", "AUTH", "KEY")
_secret_name_cache = {}
_SEPARATORS = "_.-"  # and whitespace


def _parts(name):
    """The name split at separators and where camelCase turns upper (a-z0-9 then A-Z, ASCII), as
    re.split(r"[\s_.\-]+", re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", name)) does, empty parts aside.
    Without re: importing it cost every process whose environment has a clue in a name ~3 ms."""
    parts = []
    word = previous = ""
    for char in name:
        if char in _SEPARATORS or char.isspace():
            parts.append(word)
            word = ""
        else:
            if "A" <= char <= "Z" and ("a" <= previous <= "z" or "0" <= previous <= "9"):
                parts.append(word)
                word = ""
            word += char
        previous = char
    parts.append(word)
    return parts


def is_secret_env_name(name):
    known = _secret_name_cache.get(name)
    if known is None:
        upper = name.upper()
        known = any(clue in upper for clue in _PART_CLUES) and any(p.upper() in _SECRET_PARTS for p in _parts(name) if p)
        _secret_name_cache[name] = known
    return known


def known_secrets():
    """Secret env values as they are now: tests may set them at import or in setUp, after we started."""
    try:
        items = list(os.environ.items())
    except Exception:
        return []
    values = set(v for k, v in items if len(v) >= MIN_KNOWN_SECRET and is_secret_env_name(k))
    return sorted(values, key=len, reverse=True)


def redact(text, secrets=None):
    """`text` with secrets replaced; `secrets`: known_secrets() when the caller has it already."""
    # Longest first, so a secret that contains another is removed whole.
    for value in known_secrets() if secrets is None else secrets:
        if value in text:
            text = text.replace(value, "<redacted>")
    if not text.isascii() or any(clue in text.lower() for clue in _PATTERN_CLUES):
        for pattern, repl in _compiled():
            text = pattern.sub(repl, text)
    return text


def truncate(text, limit=MAX_TEXT):
    text = redact(text)
    if len(text) > limit:
        return text[: limit - 3] + "..."
    return text


def first_lines(text, count=3):
    """The first `count` non-empty lines, redacted and truncated."""
    lines = [line for line in str(text).splitlines() if line.strip()]
    return truncate("\n".join(lines[:count]))
