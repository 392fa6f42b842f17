"""Helpers for the shim's own tests: run a command with the shim on, read its trace."""
import glob
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SHIM = os.path.normpath(os.path.join(HERE, "..", "..", "python-shim"))
CASES = os.path.join(HERE, "cases")
DEBIAN_PYTHON = "/usr/bin/python3"
# Generous bound so a hung child fails the test instead of the whole suite.
RUN_TIMEOUT_SECONDS = 300


def run(argv, cwd=None, traced=True, extra_env=None):
    """Run argv; returns (completed process, events list, trace dir)."""
    env = dict(os.environ)
    env.pop("FLAKESCOPE_TRACE_DIR", None)
    trace_dir = tempfile.mkdtemp(prefix="fs-trace-")
    if traced:
        env["PYTHONPATH"] = SHIM + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
        env["FLAKESCOPE_TRACE_DIR"] = trace_dir
        env["FLAKESCOPE_RUN"] = "3"
        env["PYTEST_PLUGINS"] = ",".join(filter(None, [env.get("PYTEST_PLUGINS"), "flakescope_shim.pytest.plugin"]))
    env.update(extra_env or {})
    proc = subprocess.run(argv, cwd=cwd or CASES, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, timeout=RUN_TIMEOUT_SECONDS)
    return proc, read(trace_dir), trace_dir


def read(trace_dir):
    events = []
    for path in sorted(glob.glob(os.path.join(trace_dir, "*.jsonl"))):
        with open(path) as handle:
            for line in handle:
                event = json.loads(line)
                event["_file"] = os.path.basename(path)
                events.append(event)
    return events


def of(events, ev, **match):
    return [e for e in events if e["ev"] == ev and all(e.get(k) == v for k, v in match.items())]


def index(events, event):
    return events.index(event)


def has_module(python, name):
    probe = subprocess.run([python, "-c", "import %s" % name], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return probe.returncode == 0


PY = sys.executable
