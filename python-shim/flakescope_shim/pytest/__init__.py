"""pytest integration: the plugin pytest loads (plugin.py, named by src/run/env.ts) and what it
wires, one concept per module: test boundaries and scopes, outcomes, fixtures, monkeypatch, order.
Only the plugin imports these, so none of them is loaded in a process that does not run pytest."""
import os


def tracing():
    """True when this process records a trace (the plugin is also loaded by a perturb-only reproducer)."""
    return bool(os.environ.get("FLAKESCOPE_TRACE_DIR"))
