"""Wire every hook to the module it observes, now or when that module gets imported."""
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
    from . import order
    from .unittest import scopes
    import unittest.case

    scopes.install(module, unittest.case.TestCase)
    order.install_unittest(module)


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
