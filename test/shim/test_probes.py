"""Snapshot probes: cached fd entries still see a reused fd number, a deleted file or a change in what the
ignore rules read; children via waitid;
a thread that reuses an ended thread's ident is a new resource."""
import os
import subprocess
import sys
import tempfile
import threading
import unittest

from shimrun import SHIM

sys.path.insert(0, SHIM)
from flakescope_shim import changes, probes  # noqa: E402
from flakescope_shim.hooks import audit  # noqa: E402


def _targets():
    return {d["fd"]: d["target"] for d in probes.fds().values()}


class FdTargets(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="fs-probes-")
        self.addCleanup(os.rmdir, self.dir)

    def _path(self, name):
        path = os.path.join(self.dir, name)
        self.addCleanup(lambda: os.path.exists(path) and os.unlink(path))
        return path

    def test_a_reused_fd_number_shows_the_new_file(self):
        first = os.open(self._path("a.log"), os.O_CREAT | os.O_WRONLY)
        self.assertEqual(_targets()[first], self._path("a.log"))
        os.close(first)
        second = os.open(self._path("b.log"), os.O_CREAT | os.O_WRONLY)
        self.addCleanup(os.close, second)
        self.assertEqual(second, first, "the kernel reuses the lowest free fd number")
        self.assertEqual(_targets()[second], self._path("b.log"))

    def test_b_a_file_deleted_while_open_shows_as_deleted(self):
        fd = os.open(self._path("c.log"), os.O_CREAT | os.O_WRONLY)
        self.addCleanup(os.close, fd)
        self.assertEqual(_targets()[fd], self._path("c.log"))
        os.unlink(self._path("c.log"))
        self.assertEqual(_targets()[fd], self._path("c.log") + " (deleted)")


    def test_f_a_new_file_on_a_deleted_files_inode_shows_the_new_file(self):
        first = os.open(self._path("old.log"), os.O_CREAT | os.O_WRONLY)
        self.assertEqual(_targets()[first], self._path("old.log"))
        old_stat = os.fstat(first)
        os.close(first)
        os.unlink(self._path("old.log"))
        second = os.open(self._path("new.log"), os.O_CREAT | os.O_WRONLY)
        self.addCleanup(os.close, second)
        self.assertEqual(second, first)
        # The filesystem may give the new file the deleted one's inode: fstat then says the same thing.
        real = probes._fstat
        probes._fstat = lambda fd: old_stat if fd == second else real(fd)
        self.addCleanup(setattr, probes, "_fstat", real)
        self.assertEqual(_targets()[second], self._path("new.log"))

    def test_e_an_fd_closed_since_the_listing_is_not_looked_up(self):
        probes.fds()
        looked_up = []
        real = probes._readlink
        probes._readlink = lambda path: looked_up.append(path) or real(path)
        self.addCleanup(setattr, probes, "_readlink", real)
        probes.fds()
        self.assertEqual(looked_up, [], "the listing's own fd is gone by its fstat: no readlink")

    def test_c_an_fd_is_decided_again_when_what_the_ignore_rules_read_changes(self):
        import select

        from flakescope_shim.hooks import threads

        poll = select.epoll()
        self.addCleanup(poll.close)
        self.assertIn(poll.fileno(), _targets())
        threads.hub_fds.add(poll.fileno())
        self.addCleanup(threads.hub_fds.discard, poll.fileno())
        self.assertNotIn(poll.fileno(), _targets(), "the same epoll, now an eventlet hub's: runtime state")
        threads.hub_fds.discard(poll.fileno())
        self.assertIn(poll.fileno(), _targets())


class QuickCwd(unittest.TestCase):
    """process_state(quick=True) reads the cwd again only after the audit hook saw an os.chdir."""

    def setUp(self):
        audit.install()
        self.addCleanup(audit.uninstall)
        self.reads = []
        real_getcwd = probes._getcwd
        probes._getcwd = lambda: self.reads.append(1) or real_getcwd()
        self.addCleanup(setattr, probes, "_getcwd", real_getcwd)
        self.addCleanup(os.chdir, os.getcwd())

    def test_a_no_chdir_no_read(self):
        first = probes.process_state()["cwd"]
        del self.reads[:]
        self.assertEqual(probes.process_state(quick=True)["cwd"], first)
        self.assertEqual(self.reads, [], "no os.chdir since: the last cwd is reused")

    def test_b_a_chdir_is_read(self):
        probes.process_state()
        there = tempfile.mkdtemp(prefix="fs-cwd-")
        self.addCleanup(os.rmdir, there)
        os.chdir(there)
        self.assertEqual(probes.process_state(quick=True)["cwd"][0], os.path.realpath(there))

    def test_c_unwatched_always_read(self):
        probes.process_state()
        audit.uninstall()
        del self.reads[:]
        probes.process_state(quick=True)
        self.assertEqual(len(self.reads), 1, "without the hook watching, nothing says the cwd stood still")


class QuickEnv(unittest.TestCase):
    """environ(quick=True) reuses the last copy while the audit hook saw no putenv/unsetenv since."""

    def setUp(self):
        audit.install()
        self.addCleanup(audit.uninstall)
        self.addCleanup(os.environ.pop, "FS_PROBES_QUICK_ENV", None)

    def test_a_no_change_same_copy(self):
        first = probes.environ()
        self.assertIs(probes.environ(quick=True), first, "nothing set since: the last copy itself")

    def test_b_a_set_and_a_removal_are_copied(self):
        probes.environ()
        os.environ["FS_PROBES_QUICK_ENV"] = "1"
        self.assertEqual(probes.environ(quick=True).get(b"FS_PROBES_QUICK_ENV"), b"1")
        del os.environ["FS_PROBES_QUICK_ENV"]
        self.assertNotIn(b"FS_PROBES_QUICK_ENV", probes.environ(quick=True))

    def test_c_unwatched_always_copied(self):
        first = probes.environ()
        audit.uninstall()
        self.assertIsNot(probes.environ(quick=True), first, "without the hook watching, nothing says the env stood still")

    def test_d_a_full_read_copies(self):
        first = probes.environ()
        self.assertIsNot(probes.environ(), first, "scope boundaries and exit always copy")


class QuickSignals(unittest.TestCase):
    """process_state(quick=True) reads the signal handlers again only after our signal.signal wrapper ran."""

    def setUp(self):
        import signal

        from flakescope_shim.hooks import state

        state.install_signal(signal)
        self.addCleanup(state.uninstall)
        self.addCleanup(signal.signal, signal.SIGUSR1, signal.getsignal(signal.SIGUSR1))
        self.reads = []
        real_getsignal = probes._NO_SIGNAL and sys.modules["_signal"].getsignal
        self.addCleanup(setattr, sys.modules["_signal"], "getsignal", real_getsignal)
        sys.modules["_signal"].getsignal = lambda number: self.reads.append(number) or real_getsignal(number)

    def _usr1(self):
        return probes.process_state(quick=True)["signal.SIGUSR1"][1]

    def test_a_no_call_no_read(self):
        probes.process_state()
        del self.reads[:]
        self._usr1()
        self.assertEqual(self.reads, [], "no signal.signal since: the last handlers are reused")

    def test_b_a_new_handler_is_read(self):
        import signal

        probes.process_state()

        def on_usr1(signum, frame):
            pass

        signal.signal(signal.SIGUSR1, on_usr1)
        self.assertEqual(self._usr1(), on_usr1.__qualname__)

    def test_c_unwrapped_always_read(self):
        import signal

        from flakescope_shim.hooks import state

        probes.process_state()
        state.uninstall()
        signal.signal(signal.SIGUSR1, signal.SIG_IGN)
        self.assertEqual(self._usr1(), "SIG_IGN", "without our wrapper, nothing says the handlers stood still")


class QuickThreads(unittest.TestCase):
    """live_threads() lists again when a thread started or ended, and only then."""

    def setUp(self):
        from flakescope_shim.hooks import threads

        threads.install_threading(threading)
        self.addCleanup(threads.uninstall)

    def _run_thread(self, stop):
        thread = threading.Thread(target=stop.wait, name="fs-probes-quick")
        thread.start()
        self.addCleanup(thread.join)
        self.addCleanup(stop.set)
        return thread

    def _names(self):
        return sorted(d["target"] for d in probes.live_threads().values())

    def test_a_nothing_started_same_result(self):
        first = probes.live_threads()
        self.assertIs(probes.live_threads(), first)

    def test_b_a_start_and_an_end_are_listed(self):
        probes.live_threads()
        stop = threading.Event()
        thread = self._run_thread(stop)
        self.assertIn("fs-probes-quick", self._names())
        stop.set()
        thread.join()
        self.assertNotIn("fs-probes-quick", self._names())

    def test_c_one_ended_and_another_started_is_listed(self):
        first_stop, second_stop = threading.Event(), threading.Event()
        first = self._run_thread(first_stop)
        before = probes.live_threads()
        first_stop.set()
        first.join()
        second = self._run_thread(second_stop)
        after = probes.live_threads()
        self.assertIsNot(after, before, "as many threads as before, but another one: listed again")
        self.assertEqual([d["ident"] for d in after.values() if d["target"] == "fs-probes-quick"], [second.ident])

    def test_d_unwrapped_always_listed(self):
        from flakescope_shim.hooks import threads

        probes.live_threads()
        threads.uninstall()
        self.assertIsNot(probes.live_threads(), probes.live_threads(), "without our wrapper, no count says a thread came and went")


class QuickFds(unittest.TestCase):
    """fds(quick=True) returns the last listing while the cheap signal stands still, and lists again when
    an fd was opened or closed since."""

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="fs-probes-")
        self.addCleanup(os.rmdir, self.dir)
        # The signal duplicates the writer's fd; no trace is open in this process, so lend it one.
        held = os.open(os.devnull, os.O_RDONLY)
        self.addCleanup(os.close, held)
        real_held = probes.writer.held_fd
        probes.writer.held_fd = lambda: held
        self.addCleanup(setattr, probes.writer, "held_fd", real_held)
        self.listings = []
        real_listdir = probes._listdir
        probes._listdir = lambda path: self.listings.append(path) or real_listdir(path)
        self.addCleanup(setattr, probes, "_listdir", real_listdir)

    def _open(self, name):
        path = os.path.join(self.dir, name)
        fd = os.open(path, os.O_CREAT | os.O_WRONLY)
        self.addCleanup(os.unlink, path)
        return fd

    def _quick(self):
        return {d["fd"]: d["target"] for d in probes.fds(quick=True).values()}

    def test_a_nothing_opened_or_closed_no_listing(self):
        full = probes.fds()
        del self.listings[:]
        self.assertEqual(probes.fds(quick=True), full)
        self.assertEqual(self.listings, [], "the cheap signal stood still: the last listing is reused")

    def test_b_a_new_fd_is_listed(self):
        probes.fds()
        fd = self._open("new.log")
        self.addCleanup(os.close, fd)
        self.assertEqual(self._quick()[fd], os.path.join(self.dir, "new.log"))

    def test_c_a_close_above_a_gap_is_listed(self):
        low = self._open("low.log")
        high = self._open("high.log")
        os.close(low)  # a gap below `high`: closing `high` now leaves the lowest free number where it is
        probes.fds()
        os.close(high)
        self.assertNotIn(high, self._quick())
        self.assertEqual(len(self.listings), 2, "the fd above the gap was checked, found closed, and listed again")

    def test_d_a_creation_the_audit_hook_noted_is_listed(self):
        probes.fds()
        del self.listings[:]
        changes.created += 1
        probes.fds(quick=True)
        self.assertEqual(len(self.listings), 1, "an open hidden by a close below it: the audit count moved")

    def test_e_without_an_fd_to_duplicate_every_call_lists(self):
        probes.writer.held_fd = lambda: None
        probes.fds()
        probes.fds(quick=True)
        self.assertEqual(len(self.listings), 2)


class Children(unittest.TestCase):
    def test_a_child_is_seen_until_waited(self):
        self.assertEqual(probes.children(), {})
        child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
        try:
            self.assertIn("child:%d" % child.pid, probes.children())
        finally:
            child.kill()
            child.wait()
        self.assertEqual(probes.children(), {})

    def test_b_a_zombie_is_seen_and_not_reaped(self):
        child = subprocess.Popen([sys.executable, "-c", "pass"])
        os.waitid(os.P_PID, child.pid, os.WEXITED | os.WNOWAIT)  # ended, not reaped: a zombie
        self.assertIn("child:%d" % child.pid, probes.children())
        self.assertIn("child:%d" % child.pid, probes.children(), "the probe did not reap it")
        self.assertEqual(child.wait(), 0)


class Threads(unittest.TestCase):
    def _key_while_alive(self):
        gate = threading.Event()
        thread = threading.Thread(target=gate.wait)
        thread.start()
        try:
            (key,) = [k for k, d in probes.live_threads().items() if d["ident"] == thread.ident]
        finally:
            gate.set()
            thread.join()
        return thread.ident, key

    # The C library usually reuses an ended thread's stack, so its ident, at once, but not always (its
    # stack cache is freed lazily): enough threads, one after another, to see a reuse.
    THREADS_IN_A_ROW = 20

    def test_a_thread_reusing_an_ended_threads_ident_has_a_new_key(self):
        seen = [self._key_while_alive() for _ in range(self.THREADS_IN_A_ROW)]
        reused = [(a, b) for a, b in zip(seen, seen[1:]) if a[0] == b[0]]
        self.assertTrue(reused, "no ident was reused in %d threads" % self.THREADS_IN_A_ROW)
        for (_, first_key), (_, second_key) in reused:
            self.assertNotEqual(second_key, first_key)


if __name__ == "__main__":
    unittest.main()
