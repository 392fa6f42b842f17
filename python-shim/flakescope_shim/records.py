"""Hot-path records: what the sleep and patch hooks queue for the writer, formatted only when it flushes
(writer.queue). Named tuples, so every file reads the same field by name; `format(record)` turns one
into its trace line. Built only for events written one by one: repeated ones are folded (fold.py)."""
from collections import namedtuple

SleepLine = namedtuple("SleepLine", "format test api requested scale where started now tid")
PatchStartLine = namedtuple("PatchStartLine", "format test number target via how owner where keys now tid")
PatchStopLine = namedtuple("PatchStopLine", "format test number how where now tid")
