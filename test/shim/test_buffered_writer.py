"""The trace writer buffers events: none may be lost where the process ends or changes hands
(os._exit, fork, exec, a signal to itself, normal exit), and bursts must still all arrive."""
import unittest

from shimrun import PY, of, run

# More sleeps than the writer buffers, so the bound and the final flush are both exercised (with
# folding off: folded, a burst at one site is a few lines).
BURST = 1000
NO_FOLDING = {"FLAKESCOPE_FOLD_AFTER": "1000000"}


def sleeps(events, pid=None):
    """The sleep calls recorded: one per sleep line, its calls per sleep-fold line (fold.py)."""
    mine = [e for e in events if pid is None or e["_file"].startswith("%d." % pid)]
    return [None] * (len(of(mine, "sleep")) + sum(e["calls"] for e in of(mine, "sleep-fold")))


class BufferedWriter(unittest.TestCase):
    def test_burst_then_normal_exit_keeps_every_event(self):
        for env in (NO_FOLDING, {}):
            proc, events, _ = run([PY, "-c", "import time\nfor _ in range(%d): time.sleep(0)" % BURST], extra_env=env)
            self.assertEqual(proc.returncode, 0, proc.stderr)
            self.assertEqual(len(sleeps(events)), BURST)
        self.assertTrue(of(events, "sleep-fold"), "folded by default")

    def test_os_exit_flushes_first(self):
        proc, events, _ = run([PY, "-c", "import os, time\nfor _ in range(5): time.sleep(0)\nos._exit(3)"])
        self.assertEqual(proc.returncode, 3, proc.stderr)
        self.assertEqual(len(sleeps(events)), 5)

    def test_sigkill_to_itself_flushes_first(self):
        code = "import os, signal, time\nfor _ in range(5): time.sleep(0)\nos.kill(os.getpid(), signal.SIGKILL)"
        proc, events, _ = run([PY, "-c", code])
        self.assertEqual(proc.returncode, -9, proc.stderr)
        self.assertEqual(len(sleeps(events)), 5)

    def test_exec_flushes_first(self):
        code = "import os, sys, time\nfor _ in range(5): time.sleep(0)\nos.execv(sys.executable, [sys.executable, '-c', 'pass'])"
        proc, events, _ = run([PY, "-c", code])
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(len(of(events, "header")), 2)
        self.assertEqual(len(sleeps(events)), 5)

    def test_a_quiet_spell_longer_than_the_age_limit_writes_the_buffer_at_the_next_event(self):
        # os.abort skips every flush: what reached the disk did so by the age rule alone.
        code = ("import os, time\nfor _ in range(2): time.sleep(0)\nquiet = time.monotonic() + 0.15\n"
                "while time.monotonic() < quiet: pass\ntime.sleep(0)\ntime.sleep(0)\nos.abort()")
        proc, events, _ = run([PY, "-c", code])
        self.assertEqual(proc.returncode, -6, proc.stderr)
        self.assertEqual(len(sleeps(events)), 3)  # the last one, after the flush, is lost with the process

    def test_a_failed_first_write_leaves_no_headless_trace(self):
        # The first flush fails (a full disk, say): its lines are lost, but the next flush writes the header
        # first. With unnamed files (Linux) no file appears until a write succeeds; without them (forced
        # here) the file exists empty until then, as a process killed at that moment leaves it.
        code = ("import os, time\nfrom flakescope_shim import writer\n%s"
                "real, full = writer._os_write, [True]\n"
                "def write(fd, data):\n    if full[0]:\n        raise OSError(28, 'No space left on device')\n"
                "    return real(fd, data)\n"
                "real_link, links = writer._os_link, []\n"
                "writer._os_link = lambda *a, **k: links.append(real_link(*a, **k))\n"
                "writer._os_write = write\ntime.sleep(0)\nwriter.flush()\nfull[0] = False\n"
                "print([os.path.getsize(os.path.join(os.environ['FLAKESCOPE_TRACE_DIR'], f)) for f in os.listdir(os.environ['FLAKESCOPE_TRACE_DIR'])])\n"
                "time.sleep(0)\nwriter.flush()\nprint(len(links))\n")
        for unnamed, seen in ((True, ["[]", "1"]), (False, ["[0]", "0"])):
            with self.subTest(unnamed=unnamed):
                proc, events, _ = run([PY, "-c", code % ("" if unnamed else "writer._UNNAMED_FLAGS = None\n")])
                self.assertEqual(proc.returncode, 0, proc.stderr)
                self.assertEqual(proc.stdout.split(), seen, "trace files and their sizes after the failed first flush; links made")
                self.assertEqual([e["_file"] for e in events if e["ev"] == "header"], [events[0]["_file"]])
                self.assertEqual(events[0]["ev"], "header", "the trace starts with its header")
                self.assertEqual(len(sleeps(events)), 1, "the failed flush's sleep is lost, the next one is written")

    def test_fork_parent_and_child_keep_their_own_events(self):
        code = ("import os, time\ntime.sleep(0)\npid = os.fork()\nif pid == 0:\n    time.sleep(0); time.sleep(0)\n"
                "    os._exit(0)\nos.waitpid(pid, 0)\nprint(os.getpid())")
        proc, events, _ = run([PY, "-c", code])
        self.assertEqual(proc.returncode, 0, proc.stderr)
        parent = int(proc.stdout.strip())
        self.assertEqual(len(sleeps(events, parent)), 1)
        self.assertEqual(len(sleeps(events)) - 1, 2)


if __name__ == "__main__":
    unittest.main()
