"""pytest plugin (loaded through PYTEST_PLUGINS in every process, xdist workers included).

Test boundaries with pytest's node ids, outcomes combined from the setup/call/teardown
reports, pytest fixtures with their scope, class/module scopes, and monkeypatch.
While pytest runs, unittest-level boundaries stay silent so each test is reported once.
"""
import os

import pytest

from . import clock, context, hang, ids, perturb, snapshot, start, wrap
from .unittest import results
from .events import emit
from .guard import internal_error
from .redact import first_lines

_tests = {}  # nodeid -> {"outcome", "message", "t0"}
_live_fixtures = {}  # id(FixtureDef) -> fixture id while set up
_open = {"module": None, "class": None}  # (node id, context entry) of the open pytest scopes
_finish_wrapped = wrap.Undo()  # FixtureDef.finish's wrapper
_SCOPES = {"function": "test", "class": "class", "module": "module", "package": "package", "session": "session"}


def _on():
    return bool(os.environ.get("FLAKESCOPE_TRACE_DIR"))


def pytest_configure(config):
    if not _on():
        return
    try:
        start()
        context.pytest_active = True
        from .hooks import monkeypatch

        monkeypatch.install()
        _wrap_fixture_finish()
    except BaseException as exc:
        internal_error("pytest_plugin.configure", exc)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(session, config, items):
    # trylast: our FLAKESCOPE_ORDER is the order that runs, after any other plugin's.
    if _on():
        from . import order

        order.arrange_pytest(items)


def _parent_id(item, kind):
    node = item.getparent(kind) if kind is not None else None
    return node.nodeid if node is not None else None


def _open_scopes(item):
    for scope, kind in (("module", pytest.Module), ("class", pytest.Class)):
        node_id = _parent_id(item, kind)
        current = _open[scope]
        if node_id is not None and (current is None or current[0] != node_id):
            _open[scope] = (node_id, context.push(scope, node_id))
            emit("scope-start", scope=scope, id=node_id, test=None)
            snapshot.boundary("scope-start", node_id)


def _close_scopes(item, nextitem):
    for scope, kind in (("class", pytest.Class), ("module", pytest.Module)):
        current = _open[scope]
        if current is None:
            continue
        following = _parent_id(nextitem, kind) if nextitem is not None else None
        if following != current[0]:
            context.pop(current[1])
            _open[scope] = None
            emit("scope-end", scope=scope, id=current[0], test=None)
            snapshot.boundary("scope-end", current[0])


def _begin(item):
    from . import ownership
    from .hooks import sleep

    sleep.ensure()
    ownership.add_test_module(getattr(getattr(item, "module", None), "__name__", None))
    _open_scopes(item)
    nodeid = item.nodeid
    state = {"outcome": None, "message": None, "t0": clock.monotonic()}
    _tests[nodeid] = state
    context.set_test(nodeid)
    state["scope"] = context.push("test", nodeid)
    event = {"test": nodeid, "runner": "pytest"}
    location = getattr(item, "location", None)
    if location and location[1] is not None:
        event["site"] = {"file": location[0], "line": location[1] + 1, "function": location[2]}
    planned = perturb.begin_test(nodeid)
    if planned:
        event["perturbation"] = {"sleepSites": planned}
    emit("test-start", **event)
    snapshot.boundary("start", nodeid)
    hang.arm(nodeid)


def _finish(item, nextitem):
    hang.disarm()
    nodeid = item.nodeid
    state = _tests.pop(nodeid, None)
    if state is None:
        return
    context.pop(state["scope"])
    event = {"test": nodeid, "outcome": state["outcome"] or "error",
             "duration": round(clock.monotonic() - state["t0"], 6)}
    message = state["message"] if state["outcome"] else "no report reached pytest_runtest_logreport"
    if message:
        event["message"] = message
    emit("test-end", **event)
    snapshot.boundary("end", nodeid)
    context.set_test(None)
    _close_scopes(item, nextitem)


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_protocol(item, nextitem):
    started = False
    timed = False
    if _on():
        try:
            _begin(item)
            started = True
        except BaseException as exc:
            internal_error("pytest_plugin.begin", exc)
    elif _perturb_only_timeout():
        hang.arm(item.nodeid)  # a reproducer's hang limit, without a trace
        timed = True
    yield
    if started:
        try:
            _finish(item, nextitem)
        except BaseException as exc:
            internal_error("pytest_plugin.finish", exc)
    if timed:
        hang.disarm()


def _perturb_only_timeout():
    from . import perturb, perturb_only

    return perturb_only.started() and "timeout" in perturb.settings()


def _report_outcome(report):
    if report.failed:
        return "failed" if report.when == "call" else "error"
    if report.skipped:
        # An expected failure (xfail) is a pass for flakiness purposes.
        return "passed" if hasattr(report, "wasxfail") else "skipped"
    return "passed"


def _report_message(report):
    longrepr = report.longrepr
    if longrepr is None:
        return None
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return first_lines(longrepr[2])
    crash = getattr(longrepr, "reprcrash", None)
    if crash is not None and getattr(crash, "message", None):
        return first_lines(crash.message)
    return first_lines(str(longrepr))


def pytest_runtest_logreport(report):
    state = _tests.get(report.nodeid)
    if state is None:
        return
    try:
        outcome = _report_outcome(report)
        if state["outcome"] is None or results.RANK[outcome] > results.RANK[state["outcome"]]:
            state["outcome"] = outcome
            if outcome != "passed":
                state["message"] = _report_message(report)
    except BaseException as exc:
        internal_error("pytest_plugin.logreport", exc)


def _fixture_site(fixturedef):
    from .callsite import rel

    code = getattr(getattr(fixturedef, "func", None), "__code__", None)
    if code is None:
        return {"file": "<unknown>", "line": 0}
    return {"file": rel(code.co_filename), "line": code.co_firstlineno, "function": code.co_name}


@pytest.hookimpl(hookwrapper=True)
def pytest_fixture_setup(fixturedef, request):
    entry = None
    if _on():
        try:
            fid = ids.fixture_id()
            scope = _SCOPES.get(str(fixturedef.scope), str(fixturedef.scope))
            emit("fixture-setup", id=fid, fixture=fixturedef.argname, kind="pytest", scope=scope,
                 owner=context.owner(), site=_fixture_site(fixturedef))
            _live_fixtures[id(fixturedef)] = fid
            if scope != "test":
                # Whatever this fixture starts belongs to it, not to the test that first needed it.
                entry = context.push("fixture", fid)
        except BaseException as exc:
            internal_error("pytest_plugin.fixture_setup", exc)
    yield
    if entry is not None:
        context.pop(entry)


def pytest_fixture_post_finalizer(fixturedef, request):
    # FixtureDef.finish (wrapped below) reports the cleanup with the finalizer's error;
    # this hook only covers pytest versions where that wrapper could not be installed.
    if _finish_wrapped or not _on():
        return
    fid = _live_fixtures.pop(id(fixturedef), None)
    if fid is not None:
        emit("fixture-cleanup", id=fid)


def _wrap_fixture_finish():
    from _pytest.fixtures import FixtureDef

    _finish_wrapped.replace(FixtureDef, "finish", _wrap_finish)


def _wrap_finish(original):
    def finish(self, *args, **kwargs):
        fid = _live_fixtures.pop(id(self), None)
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


def uninstall():
    _finish_wrapped.restore()
