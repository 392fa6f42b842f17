"""Process-unique ids for patches ("p1") and fixtures ("f1")."""
import itertools

_patch = itertools.count(1)
_fixture = itertools.count(1)


def patch_id():
    return "p%d" % next(_patch)


def fixture_id():
    return "f%d" % next(_fixture)
