"""Resource and state snapshots at test and scope boundaries, emitted as differences.

At every boundary (test start/end, class/module start/end, process exit) the
probes are read and compared with the previous boundary: what appeared is a
`resource-open` (with who created it: site, test, owning scope), what went
away a `resource-close`, then a `snapshot` event marks the boundary. The first
boundary is the baseline and emits no differences.

Threads and children get a short grace period to end (goleak-style): a test end
gives new ones a few yields of the GIL (what was told to stop ends then) and
reports what is still alive marked with `graceMs`. The analysis excuses one only
if it ended by itself before the next boundary: the next test's start, the next
scope's start, or the start of a scope's teardown, for which a `scope-teardown`
snapshot is taken while any is pending (so one stopped by tearDownClass is a leak
stopped there, not an excused one). Only the exit boundary waits, for what is
still inside its grace period then, since no later snapshot will come.

Each open says who made it (site, createdBy: ownership.py) and, when a library
made it, which module global keeps it for the process (heldBy: holders.py).
"""
import atexit
import sys
import threading

from . import clock, context, jsontext, probes, writer
from .events import emit
from .guard import internal_error
from .hooks import audit, threads
from .redact import truncate
from .callsite import rel

# goleak-style: a thread told to stop (event set, socket closed) usually ends within a few scheduler ticks.
GRACE_SECONDS = 0.3
GRACE_MS = int(GRACE_SECONDS * 1000)
# Poll often enough that a well-behaved test loses almost nothing to the grace period.
GRACE_POLL_SECONDS = 0.005
# Before deferring: a thread already told to stop needs the GIL for well under a millisecond to end,
# so a few short yields catch it even when the next test would hold the GIL in C code for seconds.
SETTLE_SECONDS = 0.01
SETTLE_POLL_SECONDS = 0.001

# A worker of an executor already shut down (asyncio's loop.close() does shutdown(wait=False)) ends
# once its current task returns: waited for this long at the boundary, not blamed for being slow.
STOPPING_SECONDS = 1.0

# Kinds that may legitimately take a moment to end after their test released them.
_GRACED_KINDS = ("thread", "child")

_prev = None  # {"res": {key: detail}, "env": {bytes: bytes}, "state": {key: (token, shown)}, "at": boundary}
_interval = {"test": None, "owner": context.SESSION, "since": 0}
_pending = {}  # key -> monotonic deadline: graced opens reported alive, still inside their grace period


# Test boundaries list the fds again only when the cheap signal moved (probes.fds), and read the cwd only
# after an os.chdir (probes.process_state); scope boundaries and exit always read both, so a change no
# signal shows is seen there at the latest.
_QUICK_FDS_AT = frozenset(["start", "end"])


# The probes' results the last resources were merged from, and that merge: while every probe returns
# its last result (nothing changed), the merge is reused and the diff sees the same object.
_merged = {"parts": (None, None, None), "res": {}}


def _collect(at):
    quick = at in _QUICK_FDS_AT
    parts = (probes.live_threads(), probes.fds(quick=quick), probes.children() if audit.spawned_any else None)
    last = _merged["parts"]
    if parts[0] is not last[0] or parts[1] is not last[1] or parts[2] is not last[2]:
        res = {}
        for part in parts:
            if part:
                res.update(part)
        _merged["parts"], _merged["res"] = parts, res
    return {"res": _merged["res"], "env": probes.environ(quick), "state": probes.process_state(quick), "at": at}


def _own_res(cur):
    """cur's resources as a dict of its own, before a key is dropped from it (_collect shares it)."""
    if cur["res"] is _merged["res"]:
        cur["res"] = dict(cur["res"])
    return cur["res"]


def _creator(detail):
    """Who created this resource: the audit/thread note, else whatever was running since the last boundary."""
    from . import creators  # lazy: start-up cost, for a process that never reaches a boundary (most children)

    found = creators.note_for(detail)
    if found is not None:
        return found
    return {"site": None, "test": _interval["test"], "owner": _interval["owner"]}


def _hash(value):
    import hashlib  # here: OpenSSL's set-up would add to every process's start-up, and few tests change os.environ

    return "sha256:" + hashlib.sha256(value).hexdigest()[:12]


def _emit_open(kind, key, target, note, **extra):
    event = {"kind": kind, "key": key, "target": truncate(target, 200), "test": note["test"], "owner": note["owner"]}
    if note.get("site") is not None:
        event["site"] = note["site"]
    if note.get("by") is not None:
        event["createdBy"] = note["by"]
    if note.get("t") is not None:
        event["created"] = note["t"]
    event.update(extra)
    emit("resource-open", **event)


def _held(new, notes):
    """{key: module global} keeping the new resources a library (not the suite directly) created."""
    objects, fds, pids = [], [], []
    libraries, packages = set(), set()
    for key, detail in new:
        note = notes[key]
        if note.get("site") is not None and note.get("by") is None:
            continue
        library, package = note.get("near") or (None, None)
        if library is None and package is None:
            continue
        libraries.add(library)
        packages.add(package)
        kind = detail["kind"]
        if kind == "thread":
            thread = threading._active.get(detail.get("ident"))
            if thread is not None:
                objects.append((key, thread))
        elif kind == "greenthread" and detail.get("obj") is not None:
            green = detail["obj"]()
            if green is not None:
                objects.append((key, green))
        elif kind == "fd":
            fds.append((key, detail["fd"]))
        elif kind == "child":
            pids.append((key, detail["pid"]))
    if not (objects or fds or pids):
        return {}
    from . import holders  # lazy: it imports re, start-up time for every process, and few boundaries get here

    return holders.find(objects, fds, pids, libraries, packages)


def _diff_resources(prev, cur, graced):
    if prev is cur:
        return
    for key in prev:
        if key not in cur:
            emit("resource-close", kind=prev[key]["kind"], key=key)
            _pending.pop(key, None)
    from . import creators  # lazy: start-up cost, for a process that never reaches a boundary (most children)

    new = [(key, detail) for key, detail in cur.items() if key not in prev]
    notes = {key: _creator(detail) for key, detail in new}
    held = _held(new, notes)
    for key, detail in new:
        extra = {k: v for k, v in detail.items() if k in ("daemon", "pid", "fd")}
        if graced and detail["kind"] in _GRACED_KINDS:
            extra["graceMs"] = GRACE_MS
            _pending[key] = clock.monotonic() + GRACE_SECONDS
        if key in held:
            extra["heldBy"] = held[key]
        _emit_open(detail["kind"], key, creators.describe(detail), notes[key], **extra)


def _diff_env(prev, cur):
    if prev is cur or prev == cur:
        return
    for key in set(prev) | set(cur):
        old, new = prev.get(key), cur.get(key)
        if old == new:
            continue
        name = key.decode("utf-8", "replace")
        old_token = _hash(old) if old is not None else probes.UNSET
        new_token = _hash(new) if new is not None else probes.UNSET
        emit("resource-close", kind="env", key="env:%s=%s" % (name, old_token))
        note = audit.env.get(name) or {"site": None, "test": _interval["test"], "owner": _interval["owner"]}
        _emit_open("env", "env:%s=%s" % (name, new_token), "os.environ[%s]" % name, note, before=old_token, after=new_token)


def _diff_state(prev, cur):
    if prev is cur or prev == cur:
        return
    for key in set(prev) | set(cur):
        old, new = prev.get(key), cur.get(key)
        if old is not None and new is not None and old[0] == new[0]:
            continue
        old_shown = truncate(str(probes.shown(old)), 300) if old is not None else probes.UNSET
        new_shown = truncate(str(probes.shown(new)), 300) if new is not None else probes.UNSET
        emit("resource-close", kind="state", key="%s=%s" % (key, hash(old[0]) if old is not None else probes.UNSET))
        note = _state_note(key, old, new)
        if note is None or note.get("t", 0) < _interval["since"]:
            # No call seen making this change since the last boundary (sys.path.insert is audited only at
            # the next import): an older note would blame whoever changed it before.
            note = {"site": None, "test": _interval["test"], "owner": _interval["owner"]}
        shown = {"before": rel(old_shown), "after": rel(new_shown)} if key == "cwd" else {"before": old_shown, "after": new_shown}
        _emit_open("state", "%s=%s" % (key, hash(new[0]) if new is not None else probes.UNSET), key, note, **shown)


# The parts of a logger's snapshot token (probes._loggers), in the order a change is blamed on them.
_LOGGER_PARTS = ("level", "handlers", "disabled", "propagate")


def _state_note(key, old, new):
    """The note of the call that made this change: for a logger, the call that changed the part that
    differs (its level set and never undone, not the handler a fixture added and removed since)."""
    if not key.startswith("logging:"):
        return audit.state.get(key)
    old_token = old[0] if old is not None else (0, (), False, True)
    new_token = new[0] if new is not None else (0, (), False, True)
    for i, part in enumerate(_LOGGER_PARTS):
        if old_token[i] != new_token[i]:
            found = audit.state.get("%s#%s" % (key, part))
            if found is not None:
                return found
    return audit.state.get(key + "#level") or audit.state.get(key + "#handlers")


def _reapplied(prev, cur):
    """State and env keys that suite code set during the interval to the value they already had, and
    that are still at it: [{"target", "site"}]. A test that sets what every test sets is not the one
    that leaked it."""
    if not audit.touched:
        return []
    out = []
    for key in sorted(audit.touched):
        if key.startswith("os.environ["):
            name = key[len("os.environ["):-1].encode("utf-8", "surrogateescape")
            if prev["env"].get(name) != cur["env"].get(name):
                continue
            target = key
        else:
            target = key.partition("#")[0]
            old, new = prev["state"].get(target), cur["state"].get(target)
            if old is None or new is None or old[0] != new[0]:
                continue
        out.append({"target": target, "site": audit.touched[key]["site"]})
    audit.touched.clear()
    return out


def _alive_now():
    alive = dict(probes.live_threads())
    alive.update(probes.children() if audit.spawned_any else {})
    return alive


def _new_graced(prev_res, cur):
    """Threads and children that appeared since the last boundary."""
    if cur["res"] is prev_res:
        return []
    return [k for k, d in cur["res"].items() if k not in prev_res and d["kind"] in _GRACED_KINDS]


def _settled(prev_res, cur):
    """Let threads and children that appeared since the last boundary end if they are about to
    (SETTLE_SECONDS, or STOPPING_SECONDS for an executor's worker told to stop)."""
    waiting = _new_graced(prev_res, cur)
    now = clock.monotonic()
    deadlines = {k: now + (STOPPING_SECONDS if _told_to_stop(cur["res"][k]) else SETTLE_SECONDS) for k in waiting}
    pause = 0
    while deadlines:
        clock.sleep(pause)  # the first pause is 0: just hand the GIL over
        pause = SETTLE_POLL_SECONDS
        alive = _alive_now()
        now = clock.monotonic()
        for key in [k for k in deadlines if k not in alive]:
            del _own_res(cur)[key]
        deadlines = {k: d for k, d in deadlines.items() if k in alive and d > now}
    return cur


def _told_to_stop(detail):
    """A concurrent.futures worker whose executor was shut down (or collected): it is ending."""
    if detail["kind"] != "thread":
        return False
    thread = threading._active.get(detail.get("ident"))
    target = getattr(thread, "_target", None)
    if getattr(target, "__module__", None) != "concurrent.futures.thread" or getattr(target, "__name__", None) != "_worker":
        return False
    args = getattr(thread, "_args", ())
    executor = args[0]() if args and callable(args[0]) else None
    return executor is None or bool(getattr(executor, "_shutdown", False))


def _graced_at_exit(prev_res, cur):
    """At exit nothing comes later: wait out the grace period of what is still inside it, then judge."""
    now = clock.monotonic()
    deadlines = {k: d for k, d in _pending.items() if k in cur["res"] and d > now}
    for key in _new_graced(prev_res, cur):
        deadlines[key] = now + GRACE_SECONDS
    ended = []
    while deadlines:
        clock.sleep(GRACE_POLL_SECONDS)
        alive = _alive_now()
        now = clock.monotonic()
        ended.extend(k for k in deadlines if k not in alive)
        deadlines = {k: d for k, d in deadlines.items() if k in alive and d > now}
    for key in ended:
        del _own_res(cur)[key]
    return cur


def _prune_pending(now):
    for key in [k for k, d in _pending.items() if d <= now]:
        del _pending[key]


# What _counted worked out for the last resources it saw.
_count = {"res": None}


def _counted(res):
    """Thread and fd counts and live thread idents of res, worked out again only for another res."""
    if res is not _count["res"]:
        kinds = [d["kind"] for d in res.values()]
        live = {d.get("ident") for d in res.values() if d["kind"] == "thread"}
        _count.update(res=res, threads=kinds.count("thread"), fds=kinds.count("fd"), live=live)
    return _count


def pending():
    """Threads or children reported alive at the last test or scope end, not judged yet."""
    return bool(_pending)


def boundary(at, scope_id=None):
    """Snapshot after a boundary event: at = start | end | scope-start | scope-teardown | scope-end | exit.
    Never raises."""
    global _prev
    try:
        threads.ensure()
        cur = _collect(at)
        if _prev is not None:
            # Under eventlet nothing is graced (as before: our sleep would block the hub).
            graced = at in ("end", "scope-end", "exit") and not _eventlet_patched()
            if graced and at == "exit":
                cur = _graced_at_exit(_prev["res"], cur)
            elif graced and cur["res"] is not _prev["res"]:
                cur = _settled(_prev["res"], cur)
            if at not in ("end", "exit"):
                _pending.clear()  # judged at this boundary: gone by now or a leak
            if _pending:
                _prune_pending(clock.monotonic())
            _diff_resources(_prev["res"], cur["res"], graced)
            _diff_env(_prev["env"], cur["env"])
            _diff_state(_prev["state"], cur["state"])
            again = _reapplied(_prev, cur)
        else:
            again = []
            audit.touched.clear()
        counted = _counted(cur["res"])
        _write_snapshot(at, scope_id, counted, again)
        _prev = cur
        threads.forget_dead(counted["live"])
        _interval["test"] = context.current_test() if at != "end" else None
        _interval["owner"] = context.owner()
        _interval["since"] = clock.monotonic_ns()
        threads.set_current(scope_id if at == "start" else None)
    except BaseException as exc:
        internal_error("snapshot.boundary", exc)


def _write_snapshot(at, scope_id, counted, again):
    """The snapshot line, written here rather than built as a dict for events.emit: two per test."""
    if not writer.enabled():
        return
    again = ',"reapplied":' + jsontext.encode(again) if again else ""
    now = clock.monotonic_ns()
    line = (f'{{"ev":"snapshot","test":{context.test_text},"at":{jsontext.text(at)},"id":{jsontext.text(scope_id)},'
            f'"threads":{counted["threads"]},"fds":{counted["fds"]}{again},"t":{now},"tid":{clock.get_ident()}}}\n')
    # The snapshot at exit needs no flush of its own: the exit flush follows, and until then the
    # program's own atexit hooks run with no fd of ours open.
    writer.append(line, "snapshot" if at != "exit" else None, now)


def _eventlet_patched():
    """Under eventlet's monkey patching our sleep would block the hub and no greenthread could end."""
    patcher = sys.modules.get("eventlet.patcher")
    return patcher is not None and patcher.is_monkey_patched("thread")


def install_exit():
    """Final snapshot when the process ends, before threading joins non-daemon threads where possible."""
    register = getattr(threading, "_register_atexit", None)
    if register is not None:
        register(boundary, "exit")
    else:
        atexit.register(boundary, "exit")
