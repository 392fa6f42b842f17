"""FLAKESCOPE_TIMEOUT: a per-test hang limit, interrupting the test like pytest-timeout's signal method.

arm() at test-start sets an ITIMER_REAL alarm; when it fires, the SIGALRM handler
records every thread's (and greenthread's) stack in a `hang` event, then raises
TestHang in the main thread, so the test errors and the rest of the suite runs.
disarm() at test-end cancels the alarm and puts the previous handler back.
Only possible where the test runs on the main thread of a POSIX process; a test
that swallows the exception or blocks where signals cannot reach is killed by the
orchestrator after its grace period. No thread is started (tests count threads).
"""
import os
import signal
import sys
import weakref

from . import callsite, clock, perturb
from .events import emit
from .guard import internal_error

# Deep enough to reach the test method from a blocking call inside a library; bounds the event size.
MAX_FRAMES = 60


class TestHang(Exception):
    """Raised in the test that exceeded FLAKESCOPE_TIMEOUT. An Exception, so runners record it and go on."""

    __test__ = False  # not a pytest test class


_armed = {}  # while a test is timed: test, timeout, previous handler, test greenlet (weakref)


def _greenlet_module():
    return sys.modules.get("greenlet")


def arm(test_id):
    """Start the hang timer for `test_id`; silently nothing when no timeout is set or possible."""
    try:
        timeout = perturb.settings().get("timeout")
        if not timeout or _armed or not hasattr(signal, "setitimer"):
            return
        try:
            previous = signal.signal(signal.SIGALRM, _on_alarm)
        except ValueError:
            return  # not the main thread: only the orchestrator's kill can stop this test
        _armed.update(test=test_id, timeout=timeout, previous=previous, greenlet=_current_greenlet())
        signal.setitimer(signal.ITIMER_REAL, timeout)
    except BaseException as exc:
        internal_error("hang.arm", exc)


def disarm():
    """Cancel the timer and restore the previous SIGALRM handler (unless the test replaced ours)."""
    if not _armed:
        return
    try:
        signal.setitimer(signal.ITIMER_REAL, 0)
        previous = _armed["previous"]
        if signal.getsignal(signal.SIGALRM) is _on_alarm:
            signal.signal(signal.SIGALRM, previous if previous is not None else signal.SIG_DFL)
    except BaseException as exc:
        internal_error("hang.disarm", exc)
    finally:
        _armed.clear()


def _current_greenlet():
    greenlet = _greenlet_module()
    if greenlet is None:
        return None
    try:
        return weakref.ref(greenlet.getcurrent())
    except BaseException:
        return None


def frames(frame):
    """Innermost first, skipping flakescope's own frames."""
    out = []
    while frame is not None and len(out) < MAX_FRAMES:
        if not callsite.module_name(frame).startswith("flakescope_shim"):
            out.append(callsite.site_of(frame))
        frame = frame.f_back
    return out


def _thread_names():
    import threading  # here: only a hang needs it, and a perturb-only process imports this module too

    return {ident: thread.name for ident, thread in list(getattr(threading, "_active", {}).items())}


def stacks(main_frame):
    """Every OS thread's stack, then every suspended greenthread's (when greenlet is loaded)."""
    names = _thread_names()
    main = clock.get_ident()
    out = []
    for tid, frame in sorted(sys._current_frames().items()):
        top = main_frame if tid == main and main_frame is not None else frame
        out.append({"tid": tid, "name": names.get(tid, "thread-%d" % tid), "frames": frames(top)})
    greenlet = _greenlet_module()
    if greenlet is not None:
        import gc  # here: only a hang under greenlet walks the heap

        for obj in gc.get_objects():
            if isinstance(obj, greenlet.greenlet) and getattr(obj, "gr_frame", None) is not None:
                out.append({"tid": None, "name": "greenlet-%x" % id(obj), "greenlet": True,
                            "frames": frames(obj.gr_frame)})
    return out


def _blocked_frame(frame):
    """The test's own frame: the interrupted one, or its greenthread's when the hub was running."""
    ref = _armed.get("greenlet")
    test_greenlet = ref() if ref is not None else None
    greenlet = _greenlet_module()
    if test_greenlet is not None and greenlet is not None and test_greenlet is not greenlet.getcurrent():
        return getattr(test_greenlet, "gr_frame", None) or frame, test_greenlet
    return frame, None


def _on_alarm(signum, frame):
    test, timeout = _armed.get("test"), _armed.get("timeout")
    other = None
    try:
        blocked, other = _blocked_frame(frame)
        emit("hang", test=test, timeout=timeout, site=callsite.find_or_innermost(blocked), stacks=stacks(frame))
    except BaseException as exc:
        internal_error("hang.dump", exc)
    error = TestHang("test exceeded FLAKESCOPE_TIMEOUT=%ss (flakescope interrupted it)" % timeout)
    if other is not None and not other.dead and _greenlet_module().getcurrent().parent is not other:
        # The alarm landed in a greenthread that does not return to the test's: throw there (best effort).
        other.throw(error)
        return
    # In the test's own thread, or in the eventlet hub whose parent is the test's greenthread: raising
    # ends the hub's loop (eventlet starts a fresh one on the next switch) and lands in the test.
    raise error


def end_process_on_second_alarm(exit_status, grace_seconds):
    """perturb-only mode's backstop: the first alarm interrupts the test as usual, and if the test is
    still running `grace_seconds` later the process exits with `exit_status` (nothing else would end it)."""
    global _on_alarm
    interrupt = _on_alarm

    def on_alarm(signum, frame):
        if _armed.get("interrupted"):
            os._exit(exit_status)
        _armed["interrupted"] = True
        signal.setitimer(signal.ITIMER_REAL, grace_seconds)
        interrupt(signum, frame)

    _on_alarm = on_alarm
