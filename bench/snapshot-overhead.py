"""Per-test cost of flakescope's resource snapshots on CPython's own suites, measured in one run.

Runs the suites under the shim with snapshot.boundary wrapped in a timer, so the time spent in
snapshots is measured directly (not as a noisy difference of two runs) and compared with the
suite's own time, then splits a boundary's time among its parts (PARTS), each timed the same way.
Usage: python3 bench/snapshot-overhead.py [test modules...]
"""
import importlib
import os
import sys
import tempfile
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
SUITES = ["test.test_contextlib", "test.test_with", "test.test_threading_local", "unittest.test.testmock"]
# What a boundary spends its time on: (module, function), indented under the part that calls it.
PARTS = [
    ("snapshot", "_collect", 0), ("probes", "fds", 1), ("probes", "_fd_signal", 2), ("probes", "_listdir", 2), ("probes", "process_state", 1), ("probes", "live_threads", 1), ("probes", "environ", 1),
    ("snapshot", "_write_snapshot", 0), ("writer", "flush", 1), ("writer", "_write", 2), ("writer", "_held", 3),
]


def _timed(module, name, spent, cpu=False):
    """Replace module.name (a module global, so its callers in the shim get the timed one) with a timer
    adding to spent: [wall seconds, calls] and, with cpu, the calling thread's CPU seconds as a third."""
    original = getattr(module, name)

    def timed(*args, **kwargs):
        started = time.perf_counter()
        cpu_started = time.thread_time() if cpu else 0.0
        try:
            return original(*args, **kwargs)
        finally:
            spent[0] += time.perf_counter() - started
            spent[1] += 1
            if cpu:
                spent[2] += time.thread_time() - cpu_started

    setattr(module, name, timed)


def main(names):
    trace_dir = tempfile.mkdtemp(prefix="fs-bench-")
    os.environ["FLAKESCOPE_TRACE_DIR"] = trace_dir
    sys.path.insert(0, os.path.join(HERE, "..", "python-shim"))
    import flakescope_shim
    from flakescope_shim import snapshot

    flakescope_shim.start()
    spent = [0.0, 0, 0.0]
    _timed(snapshot, "boundary", spent, cpu=True)
    parts = []
    for module, name, depth in PARTS:
        part_spent = [0.0, 0]
        _timed(importlib.import_module("flakescope_shim." + module), name, part_spent)
        parts.append(("  " * depth + "%s.%s" % (module, name), part_spent))
    suite = unittest.defaultTestLoader.loadTestsFromNames(names)
    started = time.perf_counter()
    with open(os.devnull, "w") as sink:
        result = unittest.TextTestRunner(stream=sink, verbosity=0).run(suite)
    total = time.perf_counter() - started
    tests = result.testsRun
    per_test_us = spent[0] / max(tests, 1) * 1e6
    print("suites: %s" % " ".join(names))
    print("tests: %d, snapshots: %d, suite wall time: %.2f s" % (tests, spent[1], total))
    print("snapshot time: %.3f s total, %.0f us per test, %.1f%% of the traced run; CPU %.0f us per test (the rest: waits for threads a test started to end, and load)"
          % (spent[0], per_test_us, 100 * spent[0] / total, spent[2] / max(tests, 1) * 1e6))
    print("where a boundary's time goes (each part timed around its calls, inner parts indented):")
    for label, (seconds, calls) in parts:
        print("  %-28s %6.1f ms  %5d calls  %5.1f us per call  %3.0f%% of the snapshot time"
              % (label, seconds * 1e3, calls, seconds / max(calls, 1) * 1e6, 100 * seconds / max(spent[0], 1e-9)))


if __name__ == "__main__":
    main(sys.argv[1:] or SUITES)
