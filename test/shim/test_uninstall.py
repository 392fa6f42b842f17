"""Every hook installs and uninstalls in this process: install.all_hooks() (and the pytest plugin's
hooks) change what they wrap, install.uninstall_all() puts back exactly what was there."""
import asyncio
import importlib
import importlib.util
import logging
import os
import selectors
import signal
import socket
import subprocess
import threading
import time
import unittest
import unittest.async_case
import unittest.case
import unittest.mock
import unittest.result
import unittest.suite

import inprocess
from flakescope_shim import install
from shimrun import of

# The pytest plugin's own hooks, where this Python has pytest (python3 and Debian's: shim.test.ts).
HAS_PYTEST = importlib.util.find_spec("pytest") is not None


def _owners():
    """Everything the hooks wrap an attribute of (those of libraries this Python has)."""
    owners = [time, os, asyncio, asyncio.tasks, asyncio.events, signal, socket, selectors._PollLikeSelector,
              threading.Thread, logging.Logger, unittest.case.TestCase, unittest.async_case.IsolatedAsyncioTestCase,
              unittest.suite.TestSuite, unittest.result.TestResult, unittest.mock._patch, unittest.mock._patch_dict,
              unittest.mock.CallableMixin]
    if hasattr(subprocess, "_fork_exec"):  # 3.11+ binds it at import
        owners.append(subprocess)
    if HAS_PYTEST:
        from _pytest.fixtures import FixtureDef
        from _pytest.monkeypatch import MonkeyPatch

        owners += [MonkeyPatch, FixtureDef]
    try:
        import _posixsubprocess

        owners.append(_posixsubprocess)
    except ImportError:
        pass
    if importlib.util.find_spec("testtools") is not None:  # Debian's python (shim.test.ts runs this there too)
        import testtools
        import testtools.runtest

        owners += [testtools.TestCase, testtools.runtest.RunTest]
    if importlib.util.find_spec("fixtures") is not None:
        import fixtures

        owners += [fixtures.Fixture, fixtures.MonkeyPatch]
    return owners


def _installs():
    """install.all_hooks, and the pytest plugin's hooks where there is pytest."""
    if not HAS_PYTEST:
        return (install.all_hooks,)
    from flakescope_shim.pytest import fixtures, monkeypatch

    return (install.all_hooks, monkeypatch.install, fixtures.install)


def _attributes(owner):
    return dict(vars(owner))


class InstallUninstall(unittest.TestCase):
    def test_every_original_is_back(self):
        owners = _owners()
        before = [_attributes(o) for o in owners]
        with inprocess.traced(*_installs()) as events:
            inprocess.run_case("multiple_case")
            changed = [o for o, attrs in zip(owners, before) if _attributes(o) != attrs]
            self.assertTrue(unittest.case.TestCase.run is not before[owners.index(unittest.case.TestCase)]["run"])
        self.assertEqual([getattr(o, "__name__", o) for o in owners if o not in changed], [], "each is wrapped while installed")
        for owner, attrs in zip(owners, before):
            with self.subTest(owner=getattr(owner, "__name__", owner)):
                now = _attributes(owner)
                self.assertEqual(sorted(now), sorted(attrs))
                self.assertEqual([k for k in attrs if now[k] is not attrs[k]], [])
        self.assertTrue(of(events, "test-start"), "the hooks recorded while installed")
        self.assertEqual(of(events, "internal-error"), [])

    def test_the_traced_section_wrote_its_own_trace_and_nothing_after(self):
        with inprocess.traced(install.all_hooks) as events:
            time.sleep(0)
        time.sleep(0)
        self.assertEqual(len(of(events, "sleep")), 1)


if __name__ == "__main__":
    unittest.main()
