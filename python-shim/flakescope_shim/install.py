"""Wire every hook to the module it observes, now or when that module gets imported.

The hooks of a library or runner are imported only once the program imports it: a process pays for
what it uses, and the runner integrations can import their runner at their top."""
import sys

from . import importhook, snapshot
from .guard import internal_error
from .hooks import audit, sleep, threads


def _guard(where, fn):
    def run(module):
        try:
            fn(module)
        except BaseException as exc:
            internal_error(where, exc)

    return run


def _unittest_case(module):
    from .unittest import boundaries, fixtures  # lazy: only once the program imports unittest

    boundaries.install(module)
    fixtures.install(module)


def _unittest_suite(module):
    from .unittest import order, scopes  # lazy: only once the program imports unittest

    scopes.install(module)
    order.install(module)


def _mock(module):
    from .hooks import patch  # lazy: only once the program imports mock

    patch.install(module)


def _testtools(module):
    from .unittest import testtools  # lazy: only once the program imports testtools

    testtools.install(module)


def _fixtures(module):
    from .hooks import fixture  # lazy: only once the program imports fixtures

    fixture.install(module)


def _state(name):
    def install(module):
        from .hooks import state  # lazy: only once the program imports logging, signal, socket or asyncio

        getattr(state, "install_%s" % name)(module)

    return install


def _leaks(_):
    audit.install()
    snapshot.install_exit()


def all_hooks():
    importhook.install()
    _guard("install:leaks", _leaks)(None)
    sleep.install(importhook.when_imported)
    for name, fn in (
        ("unittest.case", _unittest_case),
        ("unittest.suite", _unittest_suite),
        ("unittest.mock", _mock),
        ("mock.mock", _mock),
        ("testtools", _testtools),
        ("fixtures", _fixtures),
        ("threading", threads.install_threading),
        ("eventlet.greenthread", threads.install_eventlet),
        ("eventlet.hubs.epolls", threads.install_eventlet_hub),
        ("logging", _state("logging")),
        ("signal", _state("signal")),
        ("socket", _state("socket")),
        ("asyncio.events", _state("asyncio")),
    ):
        importhook.when_imported(name, _guard("install:%s" % name, fn))


# Every module that wraps something, each with its uninstall(); one never imported installed nothing.
HOOK_MODULES = ("hooks.sleep", "hooks.audit", "hooks.patch", "hooks.victims", "hooks.fixture", "hooks.threads",
                "hooks.state", "unittest.boundaries", "unittest.fixtures", "unittest.scopes", "unittest.results",
                "unittest.order", "unittest.testtools", "pytest.fixtures", "pytest.monkeypatch", "perturb_only", "writer")


def uninstall_all():
    """Undo all_hooks() (and the plugin's, perturb-only mode's, the writer's): imports are no longer
    watched, every wrapped original is back. The audit hook stays, watching nothing (it cannot be removed)."""
    importhook.uninstall()
    for name in HOOK_MODULES:
        module = sys.modules.get("%s.%s" % (__package__, name))
        if module is not None:
            module.uninstall()
