"""The audit hook notes where files are opened, but not the opens the import system makes to read a
module's source or bytecode: those files are closed at once, and a note each cost start-up time."""
import json
import os
import shutil
import tempfile
import textwrap
import unittest

from shimrun import PY, run

SCRIPT = textwrap.dedent(
    """
    import json, os, sys
    sys.path.insert(0, sys.argv[1])
    import fs_imported_here  # read by the import system
    kept = open(os.path.join(sys.argv[1], "data.txt"))  # opened by this script
    from flakescope_shim.hooks import audit
    print(json.dumps(sorted(p for p in audit.opens if p.startswith(sys.argv[1]))))
    """
)


class ImportOpens(unittest.TestCase):
    def setUp(self):
        self.dir = os.path.realpath(tempfile.mkdtemp(prefix="fs-audit-"))
        self.addCleanup(shutil.rmtree, self.dir)
        with open(os.path.join(self.dir, "fs_imported_here.py"), "w") as handle:
            handle.write("VALUE = 1\n")
        with open(os.path.join(self.dir, "data.txt"), "w") as handle:
            handle.write("x\n")

    def test_user_opens_are_noted_module_reads_are_not(self):
        proc, _, trace_dir = run([PY, "-c", SCRIPT, self.dir], extra_env={"PYTHONDONTWRITEBYTECODE": "1"})
        self.addCleanup(shutil.rmtree, trace_dir)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        noted = json.loads(proc.stdout)
        self.assertEqual(noted, [os.path.join(self.dir, "data.txt")])


if __name__ == "__main__":
    unittest.main()
