"""flakescope bootstrap. Runs at interpreter start because python-shim/ is first on PYTHONPATH.

Bootstrap only: chain the sitecustomize we shadow, then start the shim when
FLAKESCOPE_TRACE_DIR is set, or only the perturbations when FLAKESCOPE_* perturbation
variables are set without it (a reproducer pasted into a shell). Never prints, never raises.
"""


def _is_here(path, or_below=False):
    """True when a sys.path entry is this file's folder, however spelled (or, with or_below, inside it)."""
    import os

    here = os.path.dirname(os.path.abspath(__file__))
    full = os.path.abspath(path or os.curdir)
    return full == here or (or_below and full.startswith(here + os.sep))


def _chain_previous():
    """Run the sitecustomize our PYTHONPATH entry shadows; return its path or None."""
    import importlib.machinery
    import sys
    # importlib.util's own module_from_spec, without importlib.util: it imports contextlib, which
    # adds to every process's start-up.
    from importlib._bootstrap import module_from_spec

    rest = [p for p in sys.path if not _is_here(p)]
    spec = importlib.machinery.PathFinder.find_spec("sitecustomize", rest)
    if spec is None or spec.loader is None or spec.origin is None:
        return None
    module = module_from_spec(spec)
    spec.loader.exec_module(module)
    return spec.origin


# Folders of flakescope_shim none of whose modules the bootstrap imports (see _import_shim).
_LATER_FOLDERS = ("unittest", "pytest")


def _import_shim(name):
    """Import a module of our package. Under PYTHONDONTWRITEBYTECODE every process would compile the
    shim from source again (paid by every Python child a suite spawns), so our own files,
    and only ours, get their bytecode cached next to them; the user's flag is left as it is."""
    import importlib
    import os
    import sys

    if not sys.dont_write_bytecode:
        return importlib.import_module(name)
    from importlib.machinery import BYTECODE_SUFFIXES, SOURCE_SUFFIXES, FileFinder, PathFinder, SourceFileLoader, SourcelessFileLoader

    class OwnBytecode(SourceFileLoader):
        def get_code(self, fullname):
            sys.dont_write_bytecode = False
            try:
                return super().get_code(fullname)
            finally:
                sys.dont_write_bytecode = True

    def ours(path):
        if not _is_here(path, or_below=True):
            raise ImportError("not the shim's folder")
        return FileFinder(path, (OwnBytecode, SOURCE_SUFFIXES), (SourcelessFileLoader, BYTECODE_SUFFIXES))

    # Our folder's finder was cached when this file was found; the package's own folders are not yet.
    for entry in [p for p in sys.path_importer_cache if isinstance(p, str) and _is_here(p)]:
        del sys.path_importer_cache[entry]
    sys.path_hooks.insert(0, ours)
    try:
        module = importlib.import_module(name)
        # The runners' folders, whose modules are imported later (with unittest or pytest), get their
        # finder now: a lookup that finds nothing still makes and caches one.
        for folder in _LATER_FOLDERS:
            PathFinder.find_spec("flakescope_shim.%s.__init__" % folder,
                                 [os.path.join(p, folder) for p in sys.modules["flakescope_shim"].__path__])
        return module
    finally:
        sys.path_hooks.remove(ours)  # the finders made meanwhile stay cached, for the shim's later imports


def _cache_own_bytecode():
    """Site compiled this file from source when the user's flag forbids caching it, and a process's first
    compile costs ~3-6 ms (the compiler warming up), paid again by every Python child a suite spawns.
    So its bytecode is written when missing or older than the source, like the package's (_import_shim)."""
    import os
    import sys

    spec = globals().get("__spec__")
    if not sys.dont_write_bytecode or spec is None or not spec.cached or not hasattr(spec.loader, "get_code"):
        return
    try:
        if os.stat(spec.cached).st_mtime >= os.stat(spec.origin).st_mtime:
            return
    except OSError:
        pass
    sys.dont_write_bytecode = False
    try:
        spec.loader.get_code(spec.name)
    finally:
        sys.dont_write_bytecode = True


_chained = None
_chain_error = None
try:
    _chained = _chain_previous()
except BaseException as exc:  # the chained file is not ours: a failure there must not stop the program
    _chain_error = "%s: %s" % (type(exc).__name__, exc)

try:
    _cache_own_bytecode()
except BaseException:  # an unwritable folder only costs the next process a compile
    pass


def _report_start_failure(trace_dir, exc):
    """The shim could not start (it failed to import, say under -W error): leave a trace that says so,
    with nothing of the shim's own, so the orchestrator reports it instead of finding no trace at all."""
    import os
    import sys

    error = "%s: %s" % (type(exc).__name__, exc)
    tb = exc.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    if tb is not None:
        error += " (at %s:%d)" % (tb.tb_frame.f_code.co_filename, tb.tb_lineno)
    header = '{"v":1,"ev":"header","pid":%d,"ppid":%d,"python":"%d.%d.%d","argv":[],"run":%s,"t0":0,"chained":null}' % (
        (os.getpid(), os.getppid()) + tuple(sys.version_info[:3]) + (_json_int(os.environ.get("FLAKESCOPE_RUN")),))
    event = '{"ev":"internal-error","t":0,"where":"start","error":%s}' % _json_text(error[:500])
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND | getattr(os, "O_CLOEXEC", 0)
    for n in range(1000):
        name = "%d.jsonl" % os.getpid() if n == 0 else "%d.%d.jsonl" % (os.getpid(), n)
        try:
            fd = os.open(os.path.join(trace_dir, name), flags, 0o600)
        except FileExistsError:
            continue
        try:
            os.write(fd, ("%s\n%s\n" % (header, event)).encode("utf-8", "replace"))
        finally:
            os.close(fd)
        return


def _json_int(text):
    return str(int(text)) if text and text.isdigit() else "0"


def _json_text(text):
    """A JSON string without the json module (it may be what failed to import): ASCII, escaped by hand."""
    out = []
    for char in text:
        if char in "\\\"":
            out.append("\\" + char)
        elif " " <= char <= "~":
            out.append(char)
        else:
            out.append("\\u%04x" % ord(char) if ord(char) < 0x10000 else "?")
    return '"%s"' % "".join(out)


try:
    import os as _os

    if _os.environ.get("FLAKESCOPE_TRACE_DIR"):
        try:
            _import_shim("flakescope_shim").start(chained=_chained, chain_error=_chain_error)
        except BaseException as _exc:
            _report_start_failure(_os.environ["FLAKESCOPE_TRACE_DIR"], _exc)
    elif any(_k.startswith("FLAKESCOPE_") for _k in _os.environ):
        _perturb_only = _import_shim("flakescope_shim.perturb_only")
        if _perturb_only.wanted(_os.environ):
            _perturb_only.start()
except BaseException:  # rule 1: the shim must never break start-up
    pass
