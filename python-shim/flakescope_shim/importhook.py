"""Run a callback once module X has been imported (now, if it already was).

A meta-path finder hands the real loader a one-shot wrapper: after exec_module
the module gets its real loader back, then the callbacks run.
"""
import sys

from .guard import internal_error

_callbacks = {}


def when_imported(name, callback):
    module = sys.modules.get(name)
    if module is not None:
        _run(name, callback, module)
        return
    _callbacks.setdefault(name, []).append(callback)


def _run(name, callback, module):
    try:
        callback(module)
    except BaseException as exc:
        internal_error("importhook:%s" % name, exc)


class _LoaderWrapper:
    def __init__(self, loader, name):
        self._loader = loader
        self._name = name

    def __getattr__(self, attr):
        return getattr(self._loader, attr)

    def create_module(self, spec):
        create = getattr(self._loader, "create_module", None)
        return create(spec) if create is not None else None

    def exec_module(self, module):
        try:
            module.__loader__ = self._loader
            if getattr(module, "__spec__", None) is not None:
                module.__spec__.loader = self._loader
        except BaseException:
            pass
        self._loader.exec_module(module)
        for callback in _callbacks.pop(self._name, []):
            _run(self._name, callback, module)


class _Finder:
    def find_spec(self, fullname, path=None, target=None):
        if fullname not in _callbacks:
            return None
        try:
            for finder in sys.meta_path:
                if finder is self or not hasattr(finder, "find_spec"):
                    continue
                spec = finder.find_spec(fullname, path, target)
                if spec is not None:
                    if spec.loader is not None and hasattr(spec.loader, "exec_module"):
                        spec.loader = _LoaderWrapper(spec.loader, fullname)
                    return spec
        except BaseException as exc:
            internal_error("importhook.find_spec", exc)
        return None

    def invalidate_caches(self):
        pass


_finder = _Finder()


def install():
    if _finder not in sys.meta_path:
        sys.meta_path.insert(0, _finder)


def uninstall():
    """Stop watching imports; callbacks still waiting for their module are dropped."""
    if _finder in sys.meta_path:
        sys.meta_path.remove(_finder)
    _callbacks.clear()
