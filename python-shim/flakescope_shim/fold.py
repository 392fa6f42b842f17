"""Folding at the source: repeated sleeps and matched patch pairs of one test execution become one
line each (trace format version 2).

The first RAW_PER_KEY events of each sleep site (per test, api, thread and scale) and of each patch
form (per test, target, via, site and how) are written one by one, so the timeline and the
analyses that look at single events (spans, interleavings) still have them. After that a sleep adds
to its key's counts (calls, sum/min/max of the seconds slept, sum of the seconds asked for, first
start, last end), and a patch is held back: when its stop comes in the same boundary epoch with
nothing kept in between, the pair adds to its form's count and neither line is written.

What matters one by one stays individual: a patch still active at a boundary or when any other
event is kept is written as it was (its start line, then later its stop); a sleep that crossed a
boundary (started before it, ended after) is written raw. Folds are written at every flush, so a
crash loses at most what the buffer held; the per-key counters that decide "raw or folded" are
reset at every boundary (test-start/-end, scope-start/-end), so each execution gets its own raw
events. The writer calls take(); this module never writes.
"""
import _thread
import os

from . import jsontext

# Raw events kept per key and execution before folding: more than the reader keeps as spans per
# site (src/trace/fold.ts MAX_SPANS_PER_SITE, 8), so what the analyses see of the first calls is unchanged.
DEFAULT_RAW_PER_KEY = 16


def _raw_per_key(value):
    """FLAKESCOPE_FOLD_AFTER, set by the tests that compare a folded trace with an unfolded one; a
    value that is not a positive whole number keeps the default (the shim never fails on its input)."""
    try:
        n = int(value)
    except (TypeError, ValueError):
        return DEFAULT_RAW_PER_KEY
    return n if n > 0 else DEFAULT_RAW_PER_KEY


RAW_PER_KEY = _raw_per_key(os.environ.get("FLAKESCOPE_FOLD_AFTER"))

# How long a flush waits for a hook that is updating the folds (a few bytecodes) before leaving
# them to the next flush: never forever, since a signal handler may flush while its own thread holds it.
LOCK_WAIT_SECONDS = 0.05

epoch = [0]  # boundaries seen: an event whose start saw another value crossed one
_lock = _thread.allocate_lock()
_seen = {}  # key -> raw events written this epoch
_sleeps = {}  # sleep key -> SleepFold
_pairs = {}  # patch pair key -> PairFold
pending = {}  # patch number -> PendingPatch: a start held back until its stop decides


class SleepFold:
    __slots__ = ("calls", "actual", "low", "high", "requested", "first", "last")

    def __init__(self, duration, requested, started, now):
        self.calls = 1
        self.actual = self.low = self.high = duration
        self.requested = requested
        self.first = started
        self.last = now


class PairFold:
    __slots__ = ("count", "calls", "first", "last", "tid")

    def __init__(self, first, last, calls, tid):
        self.count = 1
        self.calls = calls
        self.first = first
        self.last = last
        self.tid = tid


class PendingPatch:
    """A patch-start not written yet: `line` is its records.PatchStartLine;
    `call` the first mock-call line its mocks made meanwhile (written with it if it is kept)."""

    __slots__ = ("line", "key", "epoch", "calls", "call")

    def __init__(self, line, key, at_epoch):
        self.line = line
        self.key = key
        self.epoch = at_epoch
        self.calls = 0
        self.call = None


def sleep(test, api, where, tid, scale, requested, started, now, at_epoch):
    """True when this sleep was folded; False: the caller writes it raw. test, api and where are JSON
    texts; `requested` a number (None is never folded); `at_epoch` the epoch when it began."""
    if at_epoch != epoch[0] or requested is None:
        return False
    key = (test, api, where, tid, scale)
    with _lock:
        if at_epoch != epoch[0]:
            return False
        n = _seen.get(key, 0)
        if n < RAW_PER_KEY:
            _seen[key] = n + 1
            return False
        duration = now - started
        f = _sleeps.get(key)
        if f is None:
            _sleeps[key] = SleepFold(duration, requested, started, now)
            return True
        f.calls += 1
        f.actual += duration
        if duration < f.low:
            f.low = duration
        if duration > f.high:
            f.high = duration
        f.requested += requested
        f.last = now
        return True


def defer_patch(number, line):
    """True when the patch-start `line` (records.PatchStartLine) is held back: its form already wrote
    RAW_PER_KEY this epoch."""
    key = (line.test, line.target, line.via, line.how, line.owner, line.where, line.keys)
    with _lock:
        n = _seen.get(key, 0)
        if n < RAW_PER_KEY:
            _seen[key] = n + 1
            return False
        pending[number] = PendingPatch(line, key, epoch[0])
        return True


def patch_pair(number, stop_key, now, tid):
    """True when patch `number`'s start was held back and its stop folds the pair (same epoch,
    nothing kept in between); False: the caller writes the stop raw (its start was written)."""
    with _lock:
        p = pending.pop(number, None)
        if p is None:
            return False
        if p.epoch != epoch[0]:
            pending[number] = p  # a boundary came between: take() writes it
            return False
        key = (p.key, stop_key)
        f = _pairs.get(key)
        if f is None:
            _pairs[key] = PairFold(p.line.now, now, p.calls, tid)
        else:
            f.count += 1
            f.calls += p.calls
            f.last = now
        return True


def mock_call(number, line):
    """True when patch `number` is held back: its mock's call is counted with it, not written now."""
    p = pending.get(number)
    if p is None:
        return False
    p.calls += 1
    if p.call is None:
        p.call = line
    return True


def _sleep_line(key, f):
    test, api, where, tid, scale = key
    scaled = "" if scale is None else ',"scale":' + jsontext.number(scale)
    return (f'{{"ev":"sleep-fold","test":{test},"api":{api},"site":{where}{scaled},"calls":{f.calls},'
            f'"actual":{f.actual}e-9,"min":{f.low}e-9,"max":{f.high}e-9,"requested":{jsontext.number(f.requested)},'
            f'"first":{f.first},"t":{f.last},"tid":{jsontext.number(tid)}}}\n')


def _pair_line(key, f):
    (test, target, via, how, owner, where, keys), (stop_how, stop_where) = key
    stop_site = "" if stop_where is None else ',"stopSite":' + stop_where
    return (f'{{"ev":"patch-fold","test":{test},"target":{target},"via":{via},"how":{how},"owner":{owner},'
            f'"site":{where}{keys},"stopHow":{stop_how}{stop_site},"count":{f.count},"calls":{f.calls},'
            f'"first":{f.first},"t":{f.last},"tid":{jsontext.number(f.tid)}}}\n')


def _pending_lines():
    """The held-back starts (records, in patch order), each with its first mock-call; clears them."""
    out = []
    for number in sorted(pending):
        p = pending[number]
        out.append(p.line)
        if p.call is not None:
            out.append(p.call)
    pending.clear()
    return out


def take(boundary=False, kept=False):
    """The lines to write now: every fold so far, and the held-back patch starts when an event is
    kept (`kept`) or at a `boundary`, which also starts a new epoch. [] when the folds are busy."""
    if not (_lock.acquire(True, LOCK_WAIT_SECONDS)):
        return []
    try:
        out = _pending_lines() if (kept or boundary) and pending else []
        if _sleeps:
            out.extend(_sleep_line(k, f) for k, f in _sleeps.items())
            _sleeps.clear()
        if _pairs:
            out.extend(_pair_line(k, f) for k, f in _pairs.items())
            _pairs.clear()
        if boundary:
            epoch[0] += 1
            _seen.clear()
        return out
    finally:
        _lock.release()


def has_data():
    return bool(_sleeps or _pairs or pending)


def reset():
    """In a forked child: the parent's folds are the parent's to write."""
    global _lock
    _lock = _thread.allocate_lock()
    _seen.clear()
    _sleeps.clear()
    _pairs.clear()
    pending.clear()
