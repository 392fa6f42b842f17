"""callsite.py's per-code cache of call-site texts: keyed by code identity and instruction offset, so it
must tell two calls on one line apart from two lines, and a new code object from a freed one whose
identity it reuses."""
import json
import sys
import unittest

from shimrun import SHIM

sys.path.insert(0, SHIM)
from flakescope_shim import callsite  # noqa: E402


def where():
    """The site text of our caller, as the sleep hook finds it."""
    return json.loads(callsite.find_or_innermost_text(sys._getframe(1)))


SOURCE = """
def probe(where):
    first = where()
    second = where()
    return first, second
"""


class SiteCache(unittest.TestCase):
    def test_each_call_site_has_its_own_line(self):
        first = where()
        second = where()
        self.assertEqual(second["line"], first["line"] + 1)
        self.assertEqual(first["function"], "test_each_call_site_has_its_own_line")
        self.assertEqual(where()["file"], callsite.rel(sys._getframe().f_code.co_filename))

    def test_repeated_calls_give_the_same_text(self):
        texts = [callsite.find_or_innermost_text(sys._getframe()) for _ in range(3)]
        self.assertEqual(len(set(texts)), 1)

    def test_a_new_code_object_is_not_served_a_freed_ones_sites(self):
        seen = []
        for name, lead in (("first_module", 0), ("second_module", 5)):
            namespace = {"__name__": name}
            # Same code shape at other lines in another file: same offsets, maybe the same identity.
            exec(compile("\n" * lead + SOURCE, "/tmp/%s.py" % name, "exec"), namespace)
            seen.append(namespace["probe"](where))
            del namespace
        (a1, a2), (b1, b2) = seen
        self.assertEqual((a1["file"], b1["file"]), ("/tmp/first_module.py", "/tmp/second_module.py"))
        self.assertEqual((a1["line"], a2["line"], b1["line"], b2["line"]), (3, 4, 8, 9))


if __name__ == "__main__":
    unittest.main()
