"""Runs WORKERS copies of test_busy under the same trace folder, all at once or one after another."""
import subprocess
import sys

WORKERS = 8
mode = sys.argv[1]
cmd = [sys.executable, "-m", "unittest", "-q", "test_busy"]
if mode == "parallel":
    procs = [subprocess.Popen(cmd, stderr=subprocess.DEVNULL) for _ in range(WORKERS)]
    codes = [p.wait() for p in procs]
else:
    codes = [subprocess.call(cmd, stderr=subprocess.DEVNULL) for _ in range(WORKERS)]
sys.exit(max(codes))
