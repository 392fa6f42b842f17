"""pytest test boundaries with pytest's node ids (test-start/test-end around each item's protocol),
and its class and module scopes, opened before a node's first test and closed after its last."""
import pytest

from .. import clock, context, execution, hang, ownership, perturb, perturb_only, snapshot
from ..events import emit
from ..guard import internal_error
from ..hooks import sleep
from . import outcomes, tracing

_open = {"module": None, "class": None}  # (node id, context entry) of the open pytest scopes


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
    sleep.ensure()
    ownership.add_test_module(getattr(getattr(item, "module", None), "__name__", None))
    _open_scopes(item)
    nodeid = item.nodeid
    state = outcomes.track(nodeid, clock.monotonic_ns())
    location = getattr(item, "location", None)
    site = None
    if location and location[1] is not None:
        site = {"file": location[0], "line": location[1] + 1, "function": location[2]}
    state["scope"] = execution.start(nodeid, "pytest", site)


def _finish(item, nextitem):
    hang.disarm()
    nodeid = item.nodeid
    state = outcomes.untrack(nodeid)
    if state is None:
        return
    message = state["message"] if state["outcome"] else "no report reached pytest_runtest_logreport"
    execution.end(nodeid, state["scope"], state["t0"], state["outcome"] or "error", message)
    _close_scopes(item, nextitem)


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_protocol(item, nextitem):
    started = False
    timed = False
    if tracing():
        try:
            _begin(item)
            started = True
        except BaseException as exc:
            internal_error("pytest.begin", exc)
    elif _perturb_only_timeout():
        hang.arm(item.nodeid)  # a reproducer's hang limit, without a trace
        timed = True
    yield
    if started:
        try:
            _finish(item, nextitem)
        except BaseException as exc:
            internal_error("pytest.finish", exc)
    if timed:
        hang.disarm()


def _perturb_only_timeout():
    return perturb_only.started() and "timeout" in perturb.settings()
