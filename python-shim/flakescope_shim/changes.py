"""Counts of the changes the audit hook (hooks/audit.py) and the signal.signal wrapper (hooks/state.py)
saw: a test boundary reads a probe again, and a flush looks for new secret values, only when its count
moved. The audit hook's counts are trusted only while `watching` is true; the signal count only while
our wrapper is signal.signal. (Thread starts are counted beside their wrapper: hooks/threads.starts.)"""
watching = False
# Files, sockets, pipes, selectors and children noted: a snapshot lists the fds again when it moved.
created = 0
# os.chdir/os.fchdir calls, whoever made them (ours and importlib's too): the cwd is read again.
chdirs = 0
# os.putenv/os.unsetenv calls: every os.environ change makes one, so the environment is copied again.
env = 0
# signal.signal calls through our wrapper (hooks/state.py), counted while it is signal.signal: the only
# way Python code sets a handler, so the handlers are read again. Counted by that wrapper, not the hook.
signals = 0
