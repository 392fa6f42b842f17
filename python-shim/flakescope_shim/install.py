"""Wire every hook to the module it observes, now or when that module gets imported."""
import sys

from . import importhook
from .guard import internal_error


def _guard(where, fn):
    def run(module):
        try:
            fn(module)
        except BaseException as exc:
            internal_error(where, exc)

    return run


def _unittest_case(module):
    from .unittest import boundaries, fixtures

    boundaries.install_unittest(module)
    fixtures.install_unittest(module)


def _unittest_suite(module):
    from .unittest import order, scopes
    import unittest.case

    scopes.install(module, unittest.case.TestCase)
    order.install(module)


def _mock(module):
    from .hooks import patch

    patch.install(module)


def _testtools(module):
    from .unittest import boundaries, fixtures

    boundaries.install_testtools(module)
    fixtures.install_testtools(module)


def _fixtures(module):
    from .hooks import fixture

    fixture.install(module)


def _threading(module):
    from .hooks import threads

    threads.install_threading(module)


def _greenthread(module):
    from .hooks import threads

    threads.install_eventlet(module)


def _eventlet_hub(module):
    from .hooks import threads

    threads.install_eventlet_hub(module)


def _state(name):
    def install(module):
        from .hooks import state

        getattr(state, "install_%s" % name)(module)

    return install


def _leaks():
    from . import snapshot
    from .hooks import audit

    audit.install()
    snapshot.install_exit()


def all_hooks():
    from .hooks import sleep

    importhook.install()
    _guard("install:leaks", lambda _: _leaks())(None)
    sleep.install(importhook.when_imported)
    for name, fn in (
        ("unittest.case", _unittest_case),
        ("unittest.suite", _unittest_suite),
        ("unittest.mock", _mock),
        ("mock.mock", _mock),
        ("testtools", _testtools),
        ("fixtures", _fixtures),
        ("threading", _threading),
        ("eventlet.greenthread", _greenthread),
        ("eventlet.hubs.epolls", _eventlet_hub),
        ("logging", _state("logging")),
        ("signal", _state("signal")),
        ("socket", _state("socket")),
        ("asyncio.events", _state("asyncio")),
    ):
        importhook.when_imported(name, _guard("install:%s" % name, fn))


# Every module that wraps something, each with its uninstall(); one never imported installed nothing.
HOOK_MODULES = ("hooks.sleep", "hooks.audit", "hooks.patch", "hooks.victims", "hooks.fixture", "hooks.threads",
                "hooks.state", "unittest.boundaries", "unittest.fixtures", "unittest.scopes", "unittest.results",
                "unittest.order", "pytest.plugin", "perturb_only", "writer")


def uninstall_all():
    """Undo all_hooks() (and the plugin's, perturb-only mode's, the writer's): imports are no longer
    watched, every wrapped original is back. The audit hook stays, watching nothing (it cannot be removed)."""
    importhook.uninstall()
    for name in HOOK_MODULES:
        module = sys.modules.get("%s.%s" % (__package__, name))
        if module is not None:
            module.uninstall()
