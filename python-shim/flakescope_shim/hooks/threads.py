"""Where threads and greenthreads are started, and test identity carried into them (rule 7).

Thread.start notes the user site, the test and the owning scope under the new
thread's ident; resources a worker thread creates later are blamed on that
test even after it ended. asyncio tasks copy contextvars when created, so the
test set in CURRENT at test start reaches them. eventlet GreenThreads are
noted at creation (weakly: rule 6).
"""
import contextvars
import sys
import weakref

from .. import clock, context, perturb, site, wrap
from ..guard import internal_error

CURRENT = contextvars.ContextVar("flakescope_test", default=None)

hub_fds = set()  # epoll fds of eventlet hubs (one per OS thread that runs greenthreads)
started = {}  # thread ident -> {"site", "test", "owner", "t"}
green = weakref.WeakKeyDictionary()  # GreenThread -> note


def _note(frame):
    carried = carried_by_thread()
    if carried is not None:
        return {"site": site.find(frame), "test": carried["test"], "owner": carried["owner"], "t": clock.monotonic_ns()}
    return {"site": site.find(frame), "test": context.current_test(), "owner": context.owner(), "t": clock.monotonic_ns()}


def carried_by_thread():
    return started.get(clock.get_ident())


def carried():
    """The note of the test that started this thread or task, or None in the test's own thread."""
    hit = carried_by_thread()
    if hit is not None:
        return hit
    test = CURRENT.get()
    if test is not None and test != context.current_test():
        return {"test": test, "owner": {"scope": "test", "id": test}}
    return None


def set_current(test_id):
    CURRENT.set(test_id)


def _wrap_start(original):
    def start(self, *args, **kwargs):
        info = None
        try:
            info = _note(sys._getframe(1))
            self._flakescope_note = info  # plain data on the thread itself: survives ident quirks (eventlet)
        except BaseException as exc:
            internal_error("hooks/threads.py", exc)
        result = original(self, *args, **kwargs)
        if info is not None:
            try:
                ident = self.ident
                if ident is not None:
                    started[ident] = info
            except BaseException as exc:
                internal_error("hooks/threads.py", exc)
        # After start(): under a jitter perturbation the new thread gets a random head start over its starter.
        perturb.jitter()
        return result

    return start


def _wrap_green_init(original):
    def __init__(self, *args, **kwargs):
        original(self, *args, **kwargs)
        try:
            green[self] = _note(sys._getframe(1))
        except BaseException as exc:
            internal_error("hooks/threads.py", exc)

    return __init__




def install_threading(threading):
    wrap.replace(threading.Thread, "start", _wrap_start)


def ensure():
    """Rule 4: eventlet.monkey_patch swaps in a green threading module with its own Thread class."""
    module = sys.modules.get("threading")
    if module is not None:
        install_threading(module)


def install_eventlet(greenthread):
    wrap.replace(greenthread.GreenThread, "__init__", _wrap_green_init)


def _wrap_hub_init(original):
    def __init__(self, *args, **kwargs):
        original(self, *args, **kwargs)
        try:
            hub_fds.add(self.poll.fileno())
        except BaseException as exc:
            internal_error("hooks/threads.py", exc)

    return __init__


def install_eventlet_hub(epolls):
    wrap.replace(epolls.Hub, "__init__", _wrap_hub_init)


def forget_dead(live_idents):
    """Drop notes of threads that ended (idents are reused)."""
    for ident in [i for i in started if i not in live_idents]:
        del started[ident]
