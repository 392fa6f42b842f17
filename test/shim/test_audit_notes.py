"""The audit hook notes where files are opened, but not the opens the import system makes to read a
module's source or bytecode: those files are closed at once, and a note each cost start-up time.
Traced in this process (inprocess.py)."""
import importlib
import os
import shutil
import sys
import tempfile
import unittest

import inprocess
from flakescope_shim.hooks import audit


class ImportOpens(unittest.TestCase):
    def setUp(self):
        self.dir = os.path.realpath(tempfile.mkdtemp(prefix="fs-audit-"))
        self.addCleanup(shutil.rmtree, self.dir)
        with open(os.path.join(self.dir, "fs_imported_here.py"), "w") as handle:
            handle.write("VALUE = 1\n")
        with open(os.path.join(self.dir, "data.txt"), "w") as handle:
            handle.write("x\n")
        sys.path.insert(0, self.dir)
        self.addCleanup(sys.path.remove, self.dir)
        self.addCleanup(sys.modules.pop, "fs_imported_here", None)
        self.addCleanup(setattr, sys, "dont_write_bytecode", sys.dont_write_bytecode)
        sys.dont_write_bytecode = True  # as under PYTHONDONTWRITEBYTECODE: the import reads the source

    def test_user_opens_are_noted_module_reads_are_not(self):
        with inprocess.traced(audit.install):
            importlib.import_module("fs_imported_here")  # read by the import system
            with open(os.path.join(self.dir, "data.txt")):  # opened by this test
                pass
            noted = sorted(p for p in audit.opens if p.startswith(self.dir))
        self.assertEqual(noted, [os.path.join(self.dir, "data.txt")])

    def test_nothing_is_noted_once_uninstalled(self):
        with inprocess.traced(audit.install):
            pass
        with open(os.path.join(self.dir, "data.txt")):
            pass
        self.assertNotIn(os.path.join(self.dir, "data.txt"), audit.opens)


if __name__ == "__main__":
    unittest.main()
