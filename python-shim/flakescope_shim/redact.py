"""Rule 8: redact values that look like secrets and truncate text before it reaches disk."""
import re

# Long enough for a failure's first lines, short enough to keep traces small.
MAX_TEXT = 500

_PATTERNS = [
    # key=value / key: value pairs whose key names a secret
    (re.compile(r"(?i)((?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|auth[_-]?token|credential)s?[\"']?\s*[:=]\s*[\"']?)([^\s\"',;&}]+)"), r"\1<redacted>"),
    # Authorization / X-Auth-Token headers
    (re.compile(r"(?i)((?:authorization|x-auth-token|x-subject-token|proxy-authorization)[\"']?\s*[:=]\s*[\"']?)(?:(?:bearer|basic|token)\s+)?([^\s\"',;]+)"), r"\1<redacted>"),
    # URLs with credentials: scheme://user:pass@host
    (re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://[^/\s:@]+:)([^/\s@]+)(@)"), r"\1<redacted>\3"),
    # Bearer tokens anywhere
    (re.compile(r"(?i)\b(bearer\s+)([a-z0-9._~+/=-]{8,})"), r"\1<redacted>"),
]


def redact(text):
    for pattern, repl in _PATTERNS:
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
