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

from .. import clock, context, ownership, perturb, wrap
from ..guard import internal_error

CURRENT = contextvars.ContextVar("flakescope_test", default=None)

hub_fds = set()  # epoll fds of eventlet hubs (one per OS thread that runs greenthreads)
started = {}  # thread ident -> {"site", "test", "owner", "t"}
# Thread.start calls made through our wrapper, and wrappers put in place (starts before one went
# uncounted): with the count of live threads, what tells a snapshot that the threads changed
# (probes.live_threads), while our wrapper is on threading.Thread.start.
starts = 0
green = weakref.WeakKeyDictionary()  # GreenThread -> note
_undo = wrap.Undo()


def _note(frame, target=None):
    """Who starts a thread running `target`: the suite's site (past generic spawn wrappers that are
    handed `target`), the library frame that started it, the test, the owning scope."""
    where, by, near = ownership.blame(frame, target)
    carried = carried_by_thread()
    owner = carried if carried is not None else {"test": context.current_test(), "owner": context.owner()}
    note = {"site": where, "test": owner["test"], "owner": owner["owner"], "t": clock.monotonic_ns(), "near": near}
    if by is not None:
        note["by"] = by
    runs = ownership.describe_target(target) if target is not None else None
    if runs:
        note["runs"] = runs
    return note


def _thread_target(thread):
    """What a Thread runs: its target, or its own run() when a subclass overrides it."""
    target = getattr(thread, "_target", None)
    if target is not None:
        return target
    run = type(thread).run
    return run if getattr(run, "__module__", None) != "threading" else None


def _green_target(frame):
    """The function eventlet.spawn / GreenPool.spawn was given (the caller of GreenThread()). Their
    frames return at once, so reading f_locals keeps nothing alive; no other frame's are read."""
    if not frame.f_globals.get("__name__", "").startswith("eventlet"):
        return None
    local = frame.f_locals
    for name in ("func", "function", "run"):
        value = local.get(name)
        if callable(value):
            return value
    return None


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
        global starts
        info = None
        try:
            info = _note(sys._getframe(1), _thread_target(self))
            self._flakescope_note = info  # plain data on the thread itself: survives ident quirks (eventlet)
        except BaseException as exc:
            internal_error("hooks/threads.py", exc)
        result = original(self, *args, **kwargs)
        starts += 1
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
            frame = sys._getframe(1)
            green[self] = _note(frame, _green_target(frame))
        except BaseException as exc:
            internal_error("hooks/threads.py", exc)

    return __init__


def install_threading(threading):
    global starts
    if _undo.replace(threading.Thread, "start", _wrap_start) is not None:
        starts += 1


# eventlet keeps a fresh, unpatched copy of threading for real OS threads (tpool's pool among them).
_THREADING_MODULES = ("threading", "__original_module_threading")
# threading module name -> its Thread.start as ensure() last left it: while it is still there, nothing
# swapped it (ensure runs at every boundary, so it looks at that one attribute only).
_ensured = {}


def ensure():
    """Rule 4: eventlet.monkey_patch swaps in a green threading module with its own Thread class,
    and keeps an unpatched copy under another name for the real threads it starts."""
    for name in _THREADING_MODULES:
        module = sys.modules.get(name)
        if module is not None:
            start = _start_of(module)
            if start is None or start is not _ensured.get(name):
                install_threading(module)
                _ensured[name] = _start_of(module)


def _start_of(threading):
    return getattr(getattr(threading, "Thread", None), "start", None)


def install_eventlet(greenthread):
    _undo.replace(greenthread.GreenThread, "__init__", _wrap_green_init)


def _wrap_hub_init(original):
    def __init__(self, *args, **kwargs):
        original(self, *args, **kwargs)
        try:
            hub_fds.add(self.poll.fileno())
        except BaseException as exc:
            internal_error("hooks/threads.py", exc)

    return __init__


def install_eventlet_hub(epolls):
    _undo.replace(epolls.Hub, "__init__", _wrap_hub_init)


def uninstall():
    """Put back Thread.start (in every threading module wrapped) and eventlet's originals."""
    _undo.restore()


def forget_dead(live_idents):
    """Drop notes of threads that ended (idents are reused)."""
    if not started:
        return
    for ident in [i for i in started if i not in live_idents]:
        del started[ident]
