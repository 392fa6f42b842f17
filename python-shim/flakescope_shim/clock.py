"""Clocks and time.sleep captured at import, before any library (eventlet, gevent, freezegun)
replaces them (docs/design.md, The shim's rules: rule 2). The shim's own waits use `sleep`."""
import time as _time
import _thread

monotonic_ns = _time.monotonic_ns
monotonic = _time.monotonic
wall = _time.time
get_ident = _thread.get_ident
sleep = _time.sleep
