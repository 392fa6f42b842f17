"""Pair a resource found by a probe with the note of who created it, and say what it is."""
import os

from . import probes
from .hooks import audit, threads
from .callsite import rel


def note_for(detail):
    kind = detail["kind"]
    if kind in ("thread", "greenthread"):
        return detail.get("note") or threads.started.get(detail.get("ident"))
    if kind == "child":
        return _child_note(detail["pid"])
    if kind == "fd":
        return _fd_note(detail["fd"], detail["target"])
    return None


def _fd_note(fd, target):
    if target.startswith("anon_inode:"):
        return audit.selectors.get(fd)
    if target.startswith("pipe:["):
        try:
            return audit.pipes.get(int(target[len("pipe:["):-1]))
        except ValueError:
            return None
    if target.startswith("socket:"):
        for ref, note in reversed(audit.sockets):
            sock = ref()
            if sock is not None and _fileno(sock) == fd:
                return note
        return None
    if target in audit.opens:
        return audit.opens[target]
    for path, note in reversed(list(audit.opens.items())):
        if os.path.isabs(path):
            continue
        try:
            if os.path.realpath(path) == target:
                return note
        except (OSError, ValueError):
            continue
    return None


def _fileno(sock):
    try:
        return sock.fileno()
    except BaseException:
        return -1


def _child_note(pid):
    """The call that returned this pid (never a guess by command line: pids are exact)."""
    return audit.children.get(pid)


def describe(detail):
    kind = detail["kind"]
    if kind == "child":
        argv = probes.cmdline(detail["pid"])
        return " ".join(argv) if argv else "pid %d" % detail["pid"]
    if kind == "fd":
        return _fd_target(detail["target"])
    return str(detail["target"])


def _fd_target(target):
    if target.startswith("socket:["):
        from . import sockets  # here: only a leaked socket is described, and sockets imports socket and struct

        return sockets.describe(target[len("socket:["):-1]) or target
    return rel(target)
