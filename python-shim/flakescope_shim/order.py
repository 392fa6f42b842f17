"""FLAKESCOPE_ORDER: run the tests in reverse or seeded-shuffled order, inside the runner.

Reordering is hierarchical, as pytest-randomly does: modules among modules,
classes within their module, tests within their class. Each group stays
contiguous, so setUpClass/setUpModule (and pytest's class/module fixtures) still
run once per group. The shuffle has its own random.Random(seed), independent of
jitter, so the same seed gives the same order in every process (xdist workers
must collect identical lists).
"""
from . import context, perturb, wrap
from .guard import internal_error
from .perturb import SHUFFLE_PREFIX


def _mode():
    """(mode, rng) for FLAKESCOPE_ORDER, or None when the runner's order stands."""
    order = perturb.settings().get("order")
    if not order or order == "default":
        return None
    if order.startswith(SHUFFLE_PREFIX):
        import random  # here: only a shuffle needs it, and every process would pay for the import

        seed = order[len(SHUFFLE_PREFIX):]
        return "shuffle", random.Random(int(seed) if seed.lstrip("-").isdigit() else seed)
    return order, None


def rearrange(nodes, mode, rng):
    """One level of a tree in the new order (a new list)."""
    nodes = list(nodes)
    if mode == "reverse":
        nodes.reverse()
    elif mode == "shuffle":
        rng.shuffle(nodes)
    return nodes


def arrange_keyed(items, keys_of, mode, rng, depth=0):
    """Items reordered group by group; keys_of(item) is its group path (module, class, ...)."""
    groups = {}
    for item in items:
        keys = keys_of(item)
        group = keys[depth] if depth < len(keys) else None
        groups.setdefault((group is None, group if group is not None else id(item)), []).append(item)
    out = []
    for (leaf, _), members in rearrange(groups.items(), mode, rng):
        out.extend(members if leaf else arrange_keyed(members, keys_of, mode, rng, depth + 1))
    return out


def _arrange_suite(suite, suite_type, mode, rng):
    tests = getattr(suite, "_tests", None)
    if not isinstance(tests, list):
        return
    for test in tests:
        if isinstance(test, suite_type):
            _arrange_suite(test, suite_type, mode, rng)
    tests[:] = rearrange(tests, mode, rng)


def _pytest_keys(item):
    """The node id's groups: "pkg/test_x.py::Class::test_y[a]" -> ("pkg/test_x.py", "Class")."""
    return tuple(item.nodeid.split("::")[:-1])


def arrange_pytest(items):
    """pytest_collection_modifyitems: reorder `items` in place."""
    try:
        mode = _mode()
        if mode is not None:
            items[:] = arrange_keyed(items, _pytest_keys, *mode)
    except BaseException as exc:
        internal_error("order.pytest", exc)


_arranged = []  # one entry once the outermost suite of this process was reordered
_undo = wrap.Undo()


def _wrap_run(original, suite_type):
    def run(self, *args, **kwargs):
        if not _arranged and not context.pytest_active and context.current_test() is None:
            _arranged.append(True)
            try:
                _arrange_suite(self, suite_type, *_mode())
            except BaseException as exc:
                internal_error("order.unittest", exc)
        return original(self, *args, **kwargs)

    return run


def install_unittest(suite_module):
    """Reorder the outermost suite once, just before it runs (unittest, testtools, stestr)."""
    if _mode() is None:
        return
    for klass in (suite_module.BaseTestSuite, suite_module.TestSuite):
        _undo.replace(klass, "run", lambda original: _wrap_run(original, suite_module.BaseTestSuite))


def uninstall():
    _undo.restore()
