"""JSON text for trace lines, built without a dict per event on the hot paths (sleeps, patches).

The same format as the generic encoder (compact separators, non-ASCII kept), so a preformatted
line and an encoded dict read alike. Strings that repeat (test ids, targets, files, APIs) are
encoded once.
"""
import json

# Bound at import (rule 2): a test that patches json.dumps must see only its own calls.
_to_json = json.JSONEncoder(separators=(",", ":"), default=str, ensure_ascii=False).encode
# Distinct strings a long suite repeats (test ids, sites, targets); cleared when full, never grows unbounded.
MAX_CACHED = 65536
_texts = {}


def _c_encoder():
    """The C encoder json.dumps uses, built once: JSONEncoder.encode rebuilds it for every call."""
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:
        return _to_json
    encode = make(None, str, json.encoder.encode_basestring, None, ":", ",", False, False, True)
    return lambda obj: "".join(encode(obj, 0))


encode = _c_encoder()


def text(value):
    """JSON for a string (or None), cached."""
    hit = _texts.get(value)
    if hit is None:
        if len(_texts) >= MAX_CACHED:
            _texts.clear()
        hit = _texts[value] = _to_json(value)
    return hit


def number(value):
    """JSON for a float, int or None: repr is what json writes for an int and a finite float, and
    ~1 µs cheaper than the encoder (time.sleep(1) passes an int)."""
    kind = value.__class__
    if kind is int or (kind is float and value - value == 0):
        return repr(value)
    return _to_json(value)


def owner(entry):
    """JSON for an owner scope {"scope": .., "id": ..}, the dict context.owner() returns."""
    return '{"scope":%s,"id":%s}' % (text(entry["scope"]), text(entry["id"]) if isinstance(entry["id"], str) else _to_json(entry["id"]))
