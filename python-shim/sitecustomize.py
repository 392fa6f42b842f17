"""flakescope bootstrap. Runs at interpreter start because python-shim/ is first on PYTHONPATH.

Bootstrap only: chain the sitecustomize we shadow, then start the shim when
FLAKESCOPE_TRACE_DIR is set, or only the perturbations when FLAKESCOPE_* perturbation
variables are set without it (a reproducer pasted into a shell). Never prints, never raises.
"""


def _chain_previous():
    """Run the sitecustomize our PYTHONPATH entry shadows; return its path or None."""
    import importlib.machinery
    import importlib.util
    import os
    import sys

    here = os.path.dirname(os.path.abspath(__file__))
    rest = [p for p in sys.path if os.path.abspath(p or os.curdir) != here]
    spec = importlib.machinery.PathFinder.find_spec("sitecustomize", rest)
    if spec is None or spec.loader is None or spec.origin is None:
        return None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return spec.origin


_chained = None
_chain_error = None
try:
    _chained = _chain_previous()
except BaseException as exc:  # the chained file is not ours: a failure there must not stop the program
    _chain_error = "%s: %s" % (type(exc).__name__, exc)

try:
    import os as _os

    if _os.environ.get("FLAKESCOPE_TRACE_DIR"):
        import flakescope_shim as _flakescope_shim

        _flakescope_shim.start(chained=_chained, chain_error=_chain_error)
    elif any(_k.startswith("FLAKESCOPE_") for _k in _os.environ):
        from flakescope_shim import perturb_only as _perturb_only

        if _perturb_only.wanted(_os.environ):
            _perturb_only.start()
except BaseException:  # rule 1: the shim must never break start-up
    pass
