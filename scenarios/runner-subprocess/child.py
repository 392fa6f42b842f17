"""Started by the tests: optionally re-execs itself (same pid, new program), then prints."""
import os
import sys

if "--exec" in sys.argv:
    os.execv(sys.executable, [sys.executable, __file__])
print("child done")
