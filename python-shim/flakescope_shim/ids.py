"""Process-unique ids for patches ("p1") and fixtures ("f1")."""
import itertools

_patch = itertools.count(1)
_fixture = itertools.count(1)
# The number of the next patch: hot hooks keep it and format "p<n>" only when they write the event.
next_patch = _patch.__next__


def patch_id():
    return "p%d" % next_patch()


def fixture_id():
    return "f%d" % next(_fixture)


# What id() gives (unique among live objects) without id()'s cost: id() is an audit event
# (builtins.id), so with our audit hook installed each call runs Python code.
# The default hash is the address rotated, one-to-one; object.__hash__ ignores a class's own __hash__.
identity = object.__hash__
