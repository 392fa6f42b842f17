"""FLAKESCOPE_ORDER under pytest: the collected items reordered group by group (order.py)."""
import pytest

from .. import order
from ..guard import internal_error
from . import tracing


def _keys(item):
    """The node id's groups: "pkg/test_x.py::Class::test_y[a]" -> ("pkg/test_x.py", "Class")."""
    return tuple(item.nodeid.split("::")[:-1])


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(session, config, items):
    # trylast: our FLAKESCOPE_ORDER is the order that runs, after any other plugin's.
    if not tracing():
        return
    try:
        mode = order.mode()
        if mode is not None:
            items[:] = order.arrange_keyed(items, _keys, *mode)
    except BaseException as exc:
        internal_error("order.pytest", exc)
