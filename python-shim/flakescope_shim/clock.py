"""Clocks captured at import, before any library (eventlet, freezegun) replaces them."""
import time as _time
import _thread

monotonic_ns = _time.monotonic_ns
monotonic = _time.monotonic
wall = _time.time
get_ident = _thread.get_ident
