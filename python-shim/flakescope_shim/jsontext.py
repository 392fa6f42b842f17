"""JSON text for trace lines, built without a dict per event on the hot paths (sleeps, patches).

The same format as the generic encoder (compact separators, non-ASCII kept), so a preformatted
line and an encoded dict read alike. Strings that repeat (test ids, targets, files, APIs) are
encoded once. Every string goes through the redaction rules on its way (redact.redact_value,
cached per distinct string); known secret values are taken out of whole batches (writer.flush).
"""
from .redact import redact_value

try:
    # The C encoder the json module uses, built once (JSONEncoder.encode rebuilds it per call). Taken
    # from _json itself: the json package imports re, start-up time a process that needs neither should not pay.
    from _json import encode_basestring as _encode_string, make_encoder as _make_encoder
except ImportError:  # no C accelerator (another Python implementation): the json module's own
    _make_encoder = None

# Distinct strings a long suite repeats (test ids, sites, targets); cleared when full, never grows unbounded.
MAX_CACHED = 65536
_texts = {}


def _encoder():
    """obj -> JSON text: compact separators, non-ASCII kept, str() for what JSON has no type for.
    Bound at import (rule 2): a test that patches json.dumps must see only its own calls."""
    if _make_encoder is None:
        import json  # here: only without the C accelerator

        return json.JSONEncoder(separators=(",", ":"), default=str, ensure_ascii=False).encode
    encode = _make_encoder(None, str, _encode_string, None, ":", ",", False, False, True)
    return lambda obj: "".join(encode(obj, 0))


raw_encode = _encoder()


def encode(obj):
    """JSON text of obj, its strings redacted by the rules."""
    return raw_encode(redact_value(obj))


def encode_with(obj, secrets):
    """JSON text of obj, its strings redacted by the rules and these known secret values."""
    return raw_encode(redact_value(obj, secrets))


def _remember(cache, key, value):
    """value, stored under key in one of these caches, which is emptied first when full (never unbounded)."""
    if len(cache) >= MAX_CACHED:
        cache.clear()
    cache[key] = value
    return value


def text(value):
    """JSON for a string (or None), cached."""
    hit = _texts.get(value)
    if hit is None:
        hit = _remember(_texts, value, encode(value))
    return hit


def number(value):
    """JSON for a float, int or None: repr is what json writes for an int and a finite float, and
    cheaper than the encoder (time.sleep(1) passes an int)."""
    kind = value.__class__
    if kind is int or (kind is float and value - value == 0):
        return repr(value)
    return encode(value)


# value -> its JSON text, for the numbers hot lines repeat (thread idents, requested sleeps): a dict
# lookup is ~4x cheaper than formatting an int again. Equal numbers (0 and 0.0) share one text,
# which reads as the same JSON value.
numbers = {}


def cached_number(value):
    """number(value), remembered in `numbers`; the formatters inline numbers.get(value) first."""
    hit = number(value)
    if value == value:  # NaN never equals itself: it would never be found again
        _remember(numbers, value, hit)
    return hit


# (file, line, function) -> JSON of a site: a test's own site is written at every start of it.
_sites = {}
_SITE_KEYS = frozenset(["file", "line", "function"])


def site(where):
    """JSON for a site {"file", "line", "function"} (others: encode), cached while the keys are just those."""
    if where.__class__ is not dict or where.keys() != _SITE_KEYS:
        return encode(where)
    key = (where["file"], where["line"], where["function"])
    hit = _sites.get(key)
    if hit is None:
        hit = _remember(_sites, key, encode(where))
    return hit


def owner(entry):
    """JSON for an owner scope {"scope": .., "id": ..}, the dict context.owner() returns."""
    return '{"scope":%s,"id":%s}' % (text(entry["scope"]), text(entry["id"]) if isinstance(entry["id"], str) else encode(entry["id"]))
