"""fixtures.Fixture setUp/cleanUp (directly or through useFixture) and fixtures.MonkeyPatch."""
import sys

from fixtures.fixture import Fixture

from .. import callsite, context, ids, wrap
from ..events import emit
from ..guard import internal_error
from ..redact import truncate

_live = {}  # ids.identity(fixture) -> fixture id while set up
_undo = wrap.Undo()
_SCOPE_OF_OWNER = {"test": "test", "class": "class", "module": "module", "fixture": "session", "session": "session"}


def _own_codes(fixture):
    codes = set()
    for klass in type(fixture).__mro__:
        for name in ("setUp", "_setUp", "__enter__", "useFixture"):
            code = getattr(klass.__dict__.get(name), "__code__", None)
            if code is not None:
                codes.add(code)
    return codes


def user_site(fixture, frame):
    """The user's line that set the fixture up, skipping the fixture's own setUp overrides."""
    codes = _own_codes(fixture)
    while frame is not None:
        if frame.f_code not in codes and callsite.is_user_module(callsite.module_name(frame)):
            return callsite.site_of(frame)
        frame = frame.f_back
    return callsite.find_or_innermost()


def _on_setup(fixture, frame):
    fid = ids.fixture_id()
    _live[ids.identity(fixture)] = fid
    owner = context.owner()
    emit("fixture-setup", id=fid, fixture=type(fixture).__name__, kind="fixtures",
         scope=_SCOPE_OF_OWNER.get(owner["scope"], "test"), owner=owner, site=user_site(fixture, frame))


def _on_cleanup(fixture, error):
    fid = _live.pop(ids.identity(fixture), None)
    if fid is None:
        return
    event = {"id": fid}
    if error:
        event["error"] = truncate(error)
    emit("fixture-cleanup", **event)


def _wrap_setup(original):
    def setUp(self, *args, **kwargs):
        try:
            if ids.identity(self) not in _live:
                _on_setup(self, sys._getframe(1))
        except BaseException as exc:
            internal_error("hooks/fixture.py", exc)
        return original(self, *args, **kwargs)

    return setUp


def _observed(fixture, call):
    """Run a fixture's cleanup, then record it (with what it raised or returned as errors)."""
    error = None
    try:
        result = call()
        if isinstance(result, list) and result:
            error = "; ".join("%s: %s" % (e[0].__name__, e[1]) for e in result if isinstance(e, tuple))
        return result
    except BaseException as exc:
        error = "%s: %s" % (type(exc).__name__, exc)
        raise
    finally:
        try:
            _on_cleanup(fixture, error)
        except BaseException as exc:
            internal_error("hooks/fixture.py", exc)


def _wrap_cleanup(original):
    def cleanUp(self, *args, **kwargs):
        return _observed(self, lambda: original(self, *args, **kwargs))

    return cleanUp


def _wrap_exit(original):
    """`with fixture:` runs the cleanups without calling cleanUp()."""
    def __exit__(self, *exc_info):
        return _observed(self, lambda: original(self, *exc_info))

    return __exit__


def _wrap_monkeypatch(original):
    def _setUp(self, *args, **kwargs):
        try:
            pid = ids.patch_id()
            emit("patch-start", id=pid, target=str(getattr(self, "name", "?")), via="fixtures.MonkeyPatch",
                 how="fixture", owner=context.owner(), site=user_site(self, sys._getframe(1)))

            def _stopped():
                emit("patch-stop", id=pid, how="cleanup")

            # Registered before the fixture's own restore, so it runs after it (cleanups are LIFO).
            self.addCleanup(_stopped)
        except BaseException as exc:
            internal_error("hooks/fixture.py", exc)
        return original(self, *args, **kwargs)

    return _setUp


def install(fixtures_module):
    _undo.replace(Fixture, "setUp", _wrap_setup)
    _undo.replace(Fixture, "cleanUp", _wrap_cleanup)
    _undo.replace(Fixture, "__exit__", _wrap_exit)
    monkeypatch = getattr(fixtures_module, "MonkeyPatch", None)
    if monkeypatch is not None:
        _undo.replace(monkeypatch, "_setUp", _wrap_monkeypatch)


def uninstall():
    _undo.restore()
