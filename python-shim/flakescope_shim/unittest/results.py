"""Outcomes as they reach the test result (addSuccess, addFailure, ...).

We never replace the result object; instead the add* methods of each result class
seen are wrapped once, and they note the outcome for tests we are tracking.
"""
import traceback
import types
import weakref

from .. import outcomes, wrap
from ..guard import internal_error
from ..ids import identity
from ..redact import first_lines

_tracked = {}  # identity(test case) -> {"outcome": str|None, "message": str|None}


def track(case):
    state = {"outcome": None, "message": None}
    _tracked[identity(case)] = state
    return state


def tracked(case):
    """True while `case` is the test being reported (inside its outermost wrapped run: boundaries.py)."""
    return identity(case) in _tracked


def untrack(case):
    _tracked.pop(identity(case), None)


def _note(case, outcome, message=None):
    state = _tracked.get(identity(case))
    if state is None:
        return
    if outcomes.outranks(outcome, state["outcome"]):
        state["outcome"] = outcome
        if message is not None:
            state["message"] = message


def _message(err, details):
    try:
        if err is not None and isinstance(err, tuple) and len(err) == 3 and err[0] is not None:
            return first_lines("".join(traceback.format_exception_only(err[0], err[1])))
        if details:
            content = details.get("traceback") or next(iter(details.values()), None)
            if content is not None and hasattr(content, "as_text"):
                lines = [l for l in content.as_text().splitlines() if l.strip()]
                return first_lines("\n".join(lines[-3:]))
    except BaseException as exc:
        internal_error("results.message", exc)
    return None


def _err_details(args, kwargs):
    err = args[1] if len(args) > 1 else kwargs.get("err")
    details = kwargs.get("details")
    return err, details


def _on_add(name, args, kwargs):
    case = args[0] if args else kwargs.get("test")
    if identity(case) not in _tracked:
        return
    if name in ("addSuccess", "addExpectedFailure"):
        _note(case, "passed")
    elif name == "addSkip":
        reason = args[1] if len(args) > 1 else kwargs.get("reason")
        _note(case, "skipped", first_lines(reason) if isinstance(reason, str) else None)
    elif name == "addUnexpectedSuccess":
        _note(case, "failed", "unexpected success")
    elif name in ("addFailure", "addError"):
        err, details = _err_details(args, kwargs)
        _note(case, "failed" if name == "addFailure" else "error", _message(err, details))
    elif name == "addSubTest":
        err = args[2] if len(args) > 2 else kwargs.get("err")
        if err is not None:
            failure_cls = getattr(case, "failureException", AssertionError)
            kind = "failed" if isinstance(err[1], failure_cls) else "error"
            _note(case, kind, _message(err, None))


ADD_METHODS = (
    "addSuccess",
    "addFailure",
    "addError",
    "addSkip",
    "addExpectedFailure",
    "addUnexpectedSuccess",
    "addSubTest",
)


def _wrap(name, original):
    def wrapper(*args, **kwargs):
        if _tracked:
            try:
                _on_add(name, args[1:], kwargs)
            except BaseException as exc:
                internal_error("results.%s" % name, exc)
        return original(*args, **kwargs)

    return wrapper


_seen = weakref.WeakSet()
_undo = wrap.Undo()


def _not_ours_to_wrap(original):
    """Wrapped already, or not a Python function (a C result class's method)."""
    return not isinstance(original, types.FunctionType) or wrap.is_ours(original)


def instrument(result_type):
    """Wrap the add* methods where `result_type`'s MRO defines them (once per class)."""
    try:
        if result_type in _seen:
            return
        _seen.add(result_type)
    except TypeError:
        return
    for name in ADD_METHODS:
        for klass in getattr(result_type, "__mro__", ()):
            try:
                _undo.replace(klass, name, lambda original, name=name: _wrap(name, original), skip=_not_ours_to_wrap)
            except (TypeError, AttributeError):
                pass


def uninstall():
    _undo.restore()
    _seen.clear()
