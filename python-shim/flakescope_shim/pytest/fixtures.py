"""pytest fixtures as fixture events, with their scope: fixture-setup from pytest_fixture_setup,
fixture-cleanup (with the finalizer's error) from a wrapper over FixtureDef.finish."""
import pytest
from _pytest.fixtures import FixtureDef

from .. import context, ids, wrap
from ..callsite import rel
from ..events import emit
from ..guard import internal_error
from ..redact import first_lines
from . import tracing

_live_fixtures = {}  # id(FixtureDef) -> fixture id while set up
_SCOPES = {"function": "test", "class": "class", "module": "module", "package": "package", "session": "session"}
_undo = wrap.Undo()


def _fixture_site(fixturedef):
    code = getattr(getattr(fixturedef, "func", None), "__code__", None)
    if code is None:
        return {"file": "<unknown>", "line": 0}
    return {"file": rel(code.co_filename), "line": code.co_firstlineno, "function": code.co_name}


@pytest.hookimpl(hookwrapper=True)
def pytest_fixture_setup(fixturedef, request):
    entry = None
    if tracing():
        try:
            fid = ids.fixture_id()
            scope = _SCOPES.get(str(fixturedef.scope), str(fixturedef.scope))
            emit("fixture-setup", id=fid, fixture=fixturedef.argname, kind="pytest", scope=scope,
                 owner=context.owner(), site=_fixture_site(fixturedef))
            _live_fixtures[ids.identity(fixturedef)] = fid
            if scope != "test":
                # Whatever this fixture starts belongs to it, not to the test that first needed it.
                entry = context.push("fixture", fid)
        except BaseException as exc:
            internal_error("pytest.fixture_setup", exc)
    yield
    if entry is not None:
        context.pop(entry)


def pytest_fixture_post_finalizer(fixturedef, request):
    # FixtureDef.finish (wrapped below) reports the cleanup with the finalizer's error;
    # this hook only covers pytest versions where that wrapper could not be installed.
    if _undo or not tracing():
        return
    fid = _live_fixtures.pop(ids.identity(fixturedef), None)
    if fid is not None:
        emit("fixture-cleanup", id=fid)


def _wrap_finish(original):
    def finish(self, *args, **kwargs):
        fid = _live_fixtures.pop(ids.identity(self), None)
        if fid is None:
            return original(self, *args, **kwargs)
        error = None
        try:
            return original(self, *args, **kwargs)
        except BaseException as exc:
            error = first_lines("%s: %s" % (type(exc).__name__, exc))
            raise
        finally:
            event = {"id": fid}
            if error:
                event["error"] = error
            emit("fixture-cleanup", **event)

    return finish


def install():
    _undo.replace(FixtureDef, "finish", _wrap_finish)


def uninstall():
    _undo.restore()
