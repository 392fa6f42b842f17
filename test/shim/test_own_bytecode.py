"""Under PYTHONDONTWRITEBYTECODE the shim caches its own bytecode, and only its own."""
import os
import shutil
import subprocess
import tempfile
import unittest

from shimrun import PY, SHIM, of, run

SCRIPT = "import sys, mymod, time, unittest; time.sleep(0); print(sys.dont_write_bytecode, [h.__name__ for h in sys.path_hooks])"


class OwnBytecode(unittest.TestCase):
    def setUp(self):
        root = tempfile.mkdtemp(prefix="fs-pyc-")
        self.addCleanup(shutil.rmtree, root)
        self.shim = os.path.join(root, "shim")
        shutil.copytree(SHIM, self.shim, ignore=shutil.ignore_patterns("__pycache__"))
        self.cwd = os.path.join(root, "user")
        os.mkdir(self.cwd)
        with open(os.path.join(self.cwd, "mymod.py"), "w") as out:
            out.write("VALUE = 1\n")

    def _cached(self, *parts):
        folder = os.path.join(self.shim, *parts[:-1], "__pycache__")
        return os.path.isdir(folder) and any(f.startswith(parts[-1] + ".") for f in os.listdir(folder))

    def test_the_shim_caches_its_bytecode_and_leaves_the_users_flag(self):
        env = {"PYTHONPATH": self.shim, "PYTHONDONTWRITEBYTECODE": "1"}
        plain = subprocess.run([PY, "-c", SCRIPT], cwd=self.cwd, env=dict(os.environ, PYTHONDONTWRITEBYTECODE="1"),
                               stdout=subprocess.PIPE, universal_newlines=True, check=True)
        proc, events, _ = run([PY, "-c", SCRIPT], cwd=self.cwd, extra_env=env)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(proc.stdout, plain.stdout, "sys.dont_write_bytecode and sys.path_hooks as without the shim")
        self.assertEqual(len(of(events, "sleep")), 1)
        self.assertTrue(self._cached("flakescope_shim", "__init__"))
        self.assertTrue(self._cached("flakescope_shim", "hooks", "sleep"))
        self.assertTrue(self._cached("flakescope_shim", "install"), "imported after the bootstrap returned")
        self.assertTrue(self._cached("flakescope_shim", "unittest", "boundaries"), "in a folder the bootstrap imports nothing from")
        self.assertTrue(self._cached("sitecustomize"), "the bootstrap too: a process's first compile costs ms")
        self.assertFalse(os.path.exists(os.path.join(self.cwd, "__pycache__")), "the user's modules are not cached")

    def test_without_the_flag_nothing_changes(self):
        proc, events, _ = run([PY, "-c", SCRIPT], cwd=self.cwd, extra_env={"PYTHONPATH": self.shim, "PYTHONDONTWRITEBYTECODE": ""})
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertTrue(proc.stdout.startswith("False "))
        self.assertEqual(len(of(events, "sleep")), 1)
        self.assertTrue(os.path.exists(os.path.join(self.cwd, "__pycache__")))


if __name__ == "__main__":
    unittest.main()
