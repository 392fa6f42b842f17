"""The pytest plugin: pytest loads it by name (-p, PYTEST_PLUGINS: src/run/env.ts's PYTEST_PLUGIN) in
every process, xdist workers included. It starts the shim, installs the pytest-only hooks, and holds
the hook functions of each concept for pytest to find. While pytest runs, unittest-level boundaries
stay silent (context.pytest_active) so each test is reported once."""
from .. import context, start
from ..guard import internal_error
from . import fixtures, monkeypatch, tracing
# pytest finds a plugin's hooks among its module's names: each concept's, imported here.
from .boundaries import pytest_runtest_protocol  # noqa: F401
from .fixtures import pytest_fixture_post_finalizer, pytest_fixture_setup  # noqa: F401
from .order import pytest_collection_modifyitems  # noqa: F401
from .outcomes import pytest_runtest_logreport  # noqa: F401


def pytest_configure(config):
    if not tracing():
        return
    try:
        start()
        context.pytest_active = True
        monkeypatch.install()
        fixtures.install()
    except BaseException as exc:
        internal_error("pytest.configure", exc)

