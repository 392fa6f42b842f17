import os
import shutil
import tempfile
import unittest

from shimrun import DEBIAN_PYTHON, PY, SHIM, of, run

SCRIPT = "import unittest.mock, time; time.sleep(0); print('out')"


class Bootstrap(unittest.TestCase):
    def test_no_trace_dir_is_a_no_op(self):
        proc, events, _ = run([PY, "-c", SCRIPT], traced=True, extra_env={"FLAKESCOPE_TRACE_DIR": ""})
        self.assertEqual((proc.stdout, proc.stderr, events), ("out\n", "", []))

    def test_silent_under_warnings_as_errors_with_and_without_cached_bytecode(self):
        # An empty PYTHONPYCACHEPREFIX: every module of the shim is compiled from source, where a
        # warning of the compiler's (an invalid escape) is an error under -W error; then again with
        # the bytecode that run cached.
        variants = [(flags, env, fresh) for flags, env in ((["-W", "error", "-X", "dev"], {}), ([], {"PYTHONWARNINGS": "error"}))
                    for fresh in (True, False)]
        with tempfile.TemporaryDirectory() as cache:
            for flags, env, fresh in variants:
                if fresh:
                    shutil.rmtree(cache, ignore_errors=True)
                env = dict(env, PYTHONPYCACHEPREFIX=cache)
                proc, events, trace_dir = run([PY] + flags + ["-c", SCRIPT], extra_env=env)
                self.assertEqual((proc.returncode, proc.stdout, proc.stderr), (0, "out\n", ""), (flags, env, fresh))
                self.assertEqual(of(events, "internal-error"), [], (flags, env, fresh))
                self.assertEqual(of(events, "sleep")[0]["requested"], 0.0, (flags, env, fresh))
                path = os.path.join(trace_dir, events[0]["_file"])
                self.assertEqual(os.stat(path).st_mode & 0o777, 0o600)

    def test_a_shim_that_cannot_start_leaves_a_trace_that_says_why(self):
        with tempfile.TemporaryDirectory() as work:
            shim = os.path.join(work, "python-shim")
            shutil.copytree(SHIM, shim, ignore=shutil.ignore_patterns("__pycache__"))
            with open(os.path.join(shim, "flakescope_shim", "clock.py"), "a") as handle:
                handle.write('\nBROKEN = "an invalid escape: \\d"\n')
            env = {"PYTHONPATH": shim, "PYTHONPYCACHEPREFIX": os.path.join(work, "cache")}
            proc, events, _ = run([PY, "-W", "error", "-c", SCRIPT], extra_env=env)
        self.assertEqual((proc.returncode, proc.stdout, proc.stderr), (0, "out\n", ""))
        self.assertEqual([e["ev"] for e in events], ["header", "internal-error"])
        self.assertEqual(events[1]["where"], "start")
        self.assertIn("invalid escape sequence", events[1]["error"])

    def test_fork_child_writes_its_own_file(self):
        code = "import os, time\npid = os.fork()\nif pid == 0:\n    time.sleep(0)\n    os._exit(0)\nos.waitpid(pid, 0)"
        proc, events, _ = run([PY, "-c", code])
        headers = of(events, "header")
        self.assertEqual(len(headers), 2, proc.stderr)
        child = [h for h in headers if h["ppid"] != headers[0]["ppid"] or h is not headers[0]]
        self.assertEqual(len({e["_file"] for e in events}), 2)
        self.assertTrue(child)

    @unittest.skipUnless(os.path.exists("/usr/lib/python3.11/sitecustomize.py"), "no Debian sitecustomize")
    def test_chains_debian_sitecustomize(self):
        proc, events, _ = run([DEBIAN_PYTHON, "-c", "import sys; print('apport' in repr(sys.excepthook) or 'ok')"])
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(events[0]["chained"], "/usr/lib/python3.11/sitecustomize.py")


if __name__ == "__main__":
    unittest.main()
