"""hooks/patch.py names a decorator patch's site by the decorated function's definition, cached per
code object: a new code object must not be served a freed one's site when it reuses its identity."""
import json
import sys
import unittest

from shimrun import SHIM

sys.path.insert(0, SHIM)
from flakescope_shim.hooks import patch  # noqa: E402

SOURCE = """
def decorated():
    pass
"""


def patched_frame(func):
    """A frame like mock's `patched` wrapper: the decorated function is its local `func`."""
    return sys._getframe()


class DecoratedSite(unittest.TestCase):
    def site(self, func):
        return json.loads(patch._decorated_site([("unittest.mock", "patched", patched_frame(func))]))

    def test_each_decorated_function_is_named_by_its_own_definition(self):
        seen = []
        for name, lead in (("first_module", 0), ("second_module", 5)):
            namespace = {"__name__": name}
            # Same code shape at another line of another file: maybe the freed code's identity.
            exec(compile("\n" * lead + SOURCE, "/tmp/%s.py" % name, "exec"), namespace)
            seen.append(self.site(namespace.pop("decorated")))
            del namespace
        first, second = seen
        self.assertEqual((first["file"], first["line"]), ("/tmp/first_module.py", 2))
        self.assertEqual((second["file"], second["line"]), ("/tmp/second_module.py", 7))

    def test_other_frames_name_nothing(self):
        frame = patched_frame(len)
        self.assertIsNone(patch._decorated_site([("unittest.mock", "start", frame)]))


if __name__ == "__main__":
    unittest.main()
