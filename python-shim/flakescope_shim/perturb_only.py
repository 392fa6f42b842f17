"""Perturb-only mode: a reproducer pasted into a shell sets FLAKESCOPE_* perturbations but no trace dir.

Only what applies a perturbation is installed: sleep scaling and jitter (the sleep
hook), jitter at Thread.start, the switch interval, the test order, the hang limit.
Nothing is written: with no trace open every event is dropped (writer.emit), so
the hooks run as they do when tracing, minus the file. Never prints, never raises.

FLAKESCOPE_TIMEOUT without a trace: the test is interrupted with TestHang as when
tracing, so the command fails; a test that swallows it and blocks on is given
HANG_GRACE_SECONDS more, then the process exits with HANG_EXIT_STATUS: with no
orchestrator to kill it, a hang must still end the command, and as a failure.
"""

from . import importhook, perturb, wrap
from .hooks import sleep

# Time after TestHang for the test to unwind (teardown, cleanups) before the process is ended:
# a test that ignored the interrupt for this long is not coming back.
HANG_GRACE_SECONDS = 5.0
# Exit status of a process ended by the hang limit: non-zero, and 124 is what timeout(1) uses.
HANG_EXIT_STATUS = 124
# Settings that scale sleeps: time.sleep is wrapped again at each test start, as when tracing
# (boundaries.py), since a library may have replaced it without going through the hooks that re-wrap
# (nova's test fixtures do: only the traced runs scaled its sleeps until this was done here too).
_SCALES_SLEEPS = {"sleepScale", "sleepSites", "jitterMs"}

_started = []
_undo = wrap.Undo()


def started():
    """True once perturb-only mode started in this process."""
    return bool(_started)


def wanted(environ):
    """True when a perturbation variable is set and no trace dir is (tracing starts the full shim)."""
    if environ.get("FLAKESCOPE_TRACE_DIR"):
        return False
    return any(environ.get(name) for name, _, _ in perturb.VARS)


def start():
    """Install the perturbations the environment asks for, once per process."""
    if _started:
        return
    _started.append(True)
    try:
        current = perturb.settings()
        if not current:
            return
        importhook.install()
        if _SCALES_SLEEPS & set(current):
            sleep.install(importhook.when_imported)
        if "jitterMs" in current:
            importhook.when_imported("threading", _threads)
        if "order" in current:
            importhook.when_imported("unittest.suite", _order)
        if "timeout" in current:
            _install_hang_backstop()
        if "timeout" in current or _SCALES_SLEEPS & set(current):
            importhook.when_imported("unittest.case", _timed(lambda m: m.TestCase))
            importhook.when_imported("testtools", _timed(lambda m: m.TestCase))
        perturb.apply()
    except BaseException:
        pass  # rule 1: an untraced process has nowhere to report it; the program runs unperturbed


def _threads(module):
    from .hooks import threads  # lazy: only under FLAKESCOPE_JITTER_MS, and it imports what ownership needs

    threads.install_threading(module)


def _order(module):
    from .unittest import order  # lazy: only under FLAKESCOPE_ORDER, once the program imports unittest

    order.install(module)


_depth = [0]  # nesting of timed TestCase.run calls: a test run by a test is timed by the outer one


def _wrap_run(original):
    def run(self, *args, **kwargs):
        from . import hang  # lazy: signal's import costs every process a reproducer's variables reach, most never time a test

        _depth[0] += 1
        try:
            if _depth[0] == 1:
                if _SCALES_SLEEPS & set(perturb.settings()):
                    sleep.ensure()
                hang.arm(str(self.id()))
            return original(self, *args, **kwargs)
        finally:
            _depth[0] -= 1
            if _depth[0] == 0:
                hang.disarm()

    return run


def _timed(case_of):
    def install(module):
        _undo.replace(case_of(module), "run", _wrap_run)

    return install


def _install_hang_backstop():
    """The first alarm interrupts the test; a second one in the same test ends the process."""
    from . import hang  # lazy: signal's import costs every process a reproducer's variables reach, most never time a test

    hang.end_process_on_second_alarm(HANG_EXIT_STATUS, HANG_GRACE_SECONDS)


def uninstall():
    """Put back TestCase.run (the timed wrapper); the other pieces are the hooks' own (install.uninstall_all)."""
    _undo.restore()
