"""flakescope's Python shim: records tests, sleeps, patches and fixtures as JSONL.

start() runs once per process, from sitecustomize, only when FLAKESCOPE_TRACE_DIR is set.
"rule N" in the shim's comments is the Nth of docs/design.md, The shim's rules.

Where a module lives, by one rule: by the one thing it integrates with or observes, if any.
- unittest/, pytest/: one runner's integration (test boundaries, outcomes, scopes, fixtures, order).
  testtools and stestr run through unittest/. Only install.py, perturb_only.py and pytest load them.
- hooks/: observers. Each wraps something the program calls (sleeps, mock patches, the fixtures
  library, threads, process state, audit events) to record it under any runner, through wrap.py,
  and has install() and uninstall().
- the top level: what those share, tied to no runner or library: the trace (writer, fold, records,
  jsontext, redact, events, guard), who and where (context, ids, callsite, ownership, holders,
  creators, naming), snapshots (snapshot, probes, changes, sockets, ignore), what both runners share
  (execution, outcomes, order), the perturbations (perturb, perturb_only, hang), and the plumbing
  (clock, wrap, importhook, install).
Imports run one way (no cycles); an import inside a function says why on its line.
"""
import os

from . import clock  # noqa: F401  (captures the original clocks and time.sleep at import, rule 2)
from . import perturb, writer
from .guard import internal_error
# Imported during the bootstrap so the hooks folder gets sitecustomize's bytecode-caching finder
# (_import_shim): under PYTHONDONTWRITEBYTECODE its modules are not compiled again in every process.
from .hooks import sleep as _sleep  # noqa: F401

_started = False


def start(chained=None, chain_error=None):
    """Open this process's trace and install every hook. Idempotent, never raises."""
    global _started
    if _started:
        return
    trace_dir = os.environ.get("FLAKESCOPE_TRACE_DIR")
    if not trace_dir:
        return
    _started = True
    try:
        writer.open_trace(trace_dir, chained, perturb.header())
    except BaseException:
        return  # nowhere to record anything: stay a no-op (rule 1)
    if chain_error:
        internal_error("sitecustomize.chain", RuntimeError(chain_error))
    try:
        os.register_at_fork(after_in_child=_after_fork)
    except BaseException as exc:
        internal_error("start.fork", exc)
    try:
        from . import install  # lazy: a perturb-only process imports this package too, and needs no hook of it

        install.all_hooks()
    except BaseException as exc:
        internal_error("start.install", exc)
    try:
        perturb.apply()
    except BaseException as exc:
        internal_error("start.perturb", exc)


def _after_fork():
    try:
        writer.reopen_after_fork()
    except BaseException:
        pass
