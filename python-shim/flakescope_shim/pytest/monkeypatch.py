"""pytest's monkeypatch: one patch-start per change, patch-stop for each at undo()."""
import sys

from _pytest.monkeypatch import MonkeyPatch

from .. import callsite, context, ids, naming, wrap
from ..events import emit
from ..guard import internal_error

_by_instance = {}  # id(MonkeyPatch) -> [patch id, ...] not yet undone
_depth = [0]  # setenv calls setitem: report the outer call only
_undo = wrap.Undo()


def _target(method, args, frame):
    if method in ("setattr", "delattr"):
        target = args[0] if args else None
        if isinstance(target, str):
            return target, None
        name = args[1] if len(args) > 1 else "?"
        return "%s.%s" % (naming.dotted(target), name), None
    if method in ("setitem", "delitem"):
        return naming.dict_name(args[0], frame), [str(args[1])] if len(args) > 1 else None
    if method in ("setenv", "delenv"):
        return "os.environ", [str(args[0])] if args else None
    if method == "syspath_prepend":
        return "sys.path", None
    return "os.getcwd", None  # chdir


def _user_frame(frame):
    while frame is not None and not callsite.is_user_module(callsite.module_name(frame)):
        frame = frame.f_back
    return frame


def _wrap(method, original):
    def wrapper(self, *args, **kwargs):
        if _depth[0]:
            return original(self, *args, **kwargs)
        _depth[0] += 1
        try:
            result = original(self, *args, **kwargs)
        finally:
            _depth[0] -= 1
        try:
            frame = sys._getframe(1)
            where = callsite.find(frame)
            if where is None:
                return result  # pytest's own bookkeeping (tmp_path, capture): not the user's patch
            target, keys = _target(method, args, _user_frame(frame))
            pid = ids.patch_id()
            _by_instance.setdefault(ids.identity(self), []).append(pid)
            event = {"id": pid, "target": target, "via": "monkeypatch", "how": "monkeypatch",
                     "owner": context.owner(), "site": where}
            if keys:
                event["keys"] = keys
            emit("patch-start", **event)
        except BaseException as exc:
            internal_error("pytest/monkeypatch.py", exc)
        return result

    return wrapper


def _wrap_undo(original):
    def undo(self, *args, **kwargs):
        try:
            return original(self, *args, **kwargs)
        finally:
            try:
                where = callsite.find(sys._getframe(1))
                for pid in reversed(_by_instance.pop(ids.identity(self), [])):
                    event = {"id": pid, "how": "undo"}
                    if where is not None:
                        event["site"] = where
                    emit("patch-stop", **event)
            except BaseException as exc:
                internal_error("pytest/monkeypatch.py", exc)

    return undo


_METHODS = ("setattr", "delattr", "setitem", "delitem", "setenv", "delenv", "syspath_prepend", "chdir")


def install():
    for name in _METHODS:
        _undo.replace(MonkeyPatch, name, lambda original, name=name: _wrap(name, original))
    _undo.replace(MonkeyPatch, "undo", _wrap_undo)


def uninstall():
    _undo.restore()
