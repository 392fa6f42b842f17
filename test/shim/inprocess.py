"""Trace a part of this very process: open a trace, install hooks, run, then put every original back
and read what was written. For the shim's tests that need no fresh interpreter: nothing of the
bootstrap, of the environment read once at start-up (perturbations), of fork, exec or exit."""
import contextlib
import io
import shutil
import sys
import tempfile
import unittest

from shimrun import CASES, SHIM, read

sys.path.insert(0, SHIM)
from flakescope_shim import context, install, writer  # noqa: E402


@contextlib.contextmanager
def traced(*installs):
    """Record while the `installs` (functions) are installed; yields the list the events are read
    into once the block ends and install.uninstall_all() has run."""
    trace_dir = tempfile.mkdtemp(prefix="fs-inprocess-")
    events = []
    writer.open_trace(trace_dir, None)
    try:
        for fn in installs:
            fn()
        yield events
    finally:
        install.uninstall_all()
        writer.close()
        context.set_test(None)
        events.extend(read(trace_dir))
        shutil.rmtree(trace_dir, ignore_errors=True)


def run_case(module_name):
    """Run the unittest tests of cases/<module_name>.py here; returns the result."""
    if CASES not in sys.path:
        sys.path.insert(0, CASES)
    module = __import__(module_name)
    suite = unittest.defaultTestLoader.loadTestsFromModule(module)
    return unittest.TextTestRunner(stream=io.StringIO(), verbosity=0).run(suite)
