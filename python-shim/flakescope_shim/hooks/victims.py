"""Victims: a mock installed by a still-active patch (or a child of it) gets called.

Registry identity(mock) -> (weakref, patch number); no strong reference to the mock (rule 6).
One mock-call event per (patch, test); its id is "p<number>", as the patch's own events write it.
"""
import sys
import types
import weakref

from .. import callsite, clock, context, fold, jsontext, wrap
from ..events import emit
from ..guard import internal_error
from ..ids import identity

_registry = {}
_reported = set()
# identity(mock) -> (registry generation, test) already checked: a mock called in a loop costs one lookup.
_checked = {}
_generation = [0]
# Mock trees are shallow; the bound stops a pathological parent cycle.
MAX_PARENT_DEPTH = 64


_mock_bases = ()  # NonCallableMock of every mock module we wrapped
_undo = wrap.Undo()


def _is_mock(obj):
    return issubclass(type(obj), _mock_bases)  # by type: never runs a user __class__ property


def installed_mocks(value):
    """The mocks a patch installed, from what __enter__ returned. Types by type(): isinstance would
    read a mock's __class__, a Python property."""
    kind = type(value)
    if issubclass(kind, _mock_bases):
        return (value,)  # what a patch without new= installs: one MagicMock
    found = []
    values = value.values() if issubclass(kind, dict) else [value]
    for item in values:
        if _is_mock(item):
            found.append(item)
        else:
            inner = item.__dict__.get("mock") if type(item) is types.FunctionType else None
            if inner is not None and _is_mock(inner):
                found.append(inner)
    return found


def register(number, mocks):
    """Note the mocks patch `number` installed; returns their registry keys (for unregister)."""
    if not mocks:
        return ()
    _generation[0] += 1
    _checked.clear()
    keys = []
    for m in mocks:
        key = identity(m)
        try:
            _registry[key] = (weakref.ref(m), number)
        except TypeError:
            continue  # no weak reference to it: not watched
        keys.append(key)
    return keys


def unregister(keys, number):
    if keys:
        _generation[0] += 1
        _checked.clear()
    for key in keys:
        entry = _registry.get(key)
        if entry is not None and entry[1] == number:
            del _registry[key]


def _on_call(mock, frame):
    stamp = (_generation[0], context.current_test())
    if _checked.get(identity(mock)) == stamp:
        return
    _checked[identity(mock)] = stamp
    node = mock
    for _ in range(MAX_PARENT_DEPTH):
        if node is None:
            return
        entry = _registry.get(identity(node))
        if entry is not None and entry[0]() is node:
            key = (entry[1], context.current_test())
            if key not in _reported:
                _reported.add(key)
                # Called from a thread running no user code (an executor calling the mock itself):
                # the innermost frame outside flakescope stands in, so the call is never dropped.
                where = callsite.find_or_innermost(frame)
                if entry[1] in fold.pending:  # its patch is held back: counted with it (fold.py)
                    call = {"ev": "mock-call", "id": "p%d" % entry[1], "site": where, "test": context.current_test(),
                            "t": clock.monotonic_ns(), "tid": clock.get_ident()}
                    if fold.mock_call(entry[1], jsontext.encode(call) + "\n"):
                        return
                emit("mock-call", id="p%d" % entry[1], site=where)
            return
        attrs = node.__dict__
        # Never `or`: a parent MagicMock's truth test is a __bool__ call its mock_calls would record.
        parent = attrs.get("_mock_new_parent")
        node = parent if parent is not None else attrs.get("_mock_parent")


def _wrap_mock_call(original):
    # Positional-only by construction: the mock's own call kwargs may be named "self".
    def _mock_call(*args, **kwargs):
        if _registry and args:
            try:
                _on_call(args[0], sys._getframe(1))
            except BaseException as exc:
                internal_error("hooks/victims.py", exc)
        return original(*args, **kwargs)

    return _mock_call


def install(mock_module):
    global _mock_bases
    base = getattr(mock_module, "NonCallableMock", None)
    if isinstance(base, type) and base not in _mock_bases:
        _mock_bases = _mock_bases + (base,)
    mixin = getattr(mock_module, "CallableMixin", None)
    if mixin is not None:
        _undo.replace(mixin, "_mock_call", _wrap_mock_call)


def uninstall():
    global _mock_bases
    _undo.restore()
    _mock_bases = ()
