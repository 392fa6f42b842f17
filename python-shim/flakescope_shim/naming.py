"""Dotted names for patch targets, without touching user objects more than needed (no repr)."""
import functools
import os
import sys
import types


def dotted(obj):
    """pkg.mod for a module, pkg.mod.Class for a class or function, the class's name for an instance."""
    kind = type(obj)
    if issubclass(kind, types.ModuleType):
        return _safe_attr(obj, "__name__") or "<module>"
    if issubclass(kind, (type, types.FunctionType, types.BuiltinFunctionType)):
        module = _safe_attr(obj, "__module__")
        qual = _safe_attr(obj, "__qualname__") or _safe_attr(obj, "__name__") or "?"
        return "%s.%s" % (module, qual) if module else qual
    if obj is os.environ:
        return "os.environ"
    if obj is sys.modules:
        return "sys.modules"
    if obj is sys.path:
        return "sys.path"
    return dotted(kind)


def _safe_attr(obj, name):
    try:
        value = getattr(obj, name)
    except BaseException:
        return None
    return value if isinstance(value, str) else None


UNKNOWN = object()  # getter_target of a getter it cannot see into


def getter_target(getter):
    """What a _patch's getter resolves: (the dotted string, True) for patch("a.b"), (the object,
    False) for patch.object (lambda: target), (UNKNOWN, False) otherwise."""
    # The closure first: patch.object is the one hot hooks meet in loops (a partial has no closure).
    for cell in getattr(getter, "__closure__", None) or ():
        try:
            value = cell.cell_contents
        except ValueError:
            continue
        return value, isinstance(value, str)
    if isinstance(getter, functools.partial) and getter.args and isinstance(getter.args[0], str):
        return getter.args[0], True
    return UNKNOWN, False


def getter_base(getter):
    """The dotted base a _patch's getter resolves: the string (patch) or the object's name (patch.object).

    Returns (name, is_string)."""
    value, is_string = getter_target(getter)
    if is_string:
        return value, True
    return ("<unknown>" if value is UNKNOWN else dotted(value)), False


def dict_name(in_dict, frame):
    """Name a patched dict: the string given, a well-known dict, or a global of the caller's module."""
    if isinstance(in_dict, str):
        return in_dict
    if in_dict is os.environ:
        return "os.environ"
    if in_dict is sys.modules:
        return "sys.modules"
    if frame is not None:
        module = frame.f_globals.get("__name__", "?")
        for name, value in list(frame.f_globals.items()):
            if value is in_dict:
                return "%s.%s" % (module, name)
    for name, module in list(sys.modules.items()):
        if getattr(module, "__dict__", None) is in_dict:
            return "%s.__dict__" % name
    return "<%s>" % type(in_dict).__name__
