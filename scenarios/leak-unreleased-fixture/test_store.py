import unittest

import fixtures


class TempStore(fixtures.Fixture):
    def _setUp(self):
        self.items = {}
        self.addCleanup(self.items.clear)


_pending_writes = ["k"]


def _close_broken_connection():
    assert not _pending_writes, "connection closed with pending writes"


class StoreTests(unittest.TestCase):
    def test_a_fixture_never_cleaned(self):
        store = TempStore()
        store.setUp()
        store.items["k"] = 1

    def test_b_fixture_used_properly(self):
        store = TempStore()
        store.setUp()
        self.addCleanup(store.cleanUp)
        store.items["k"] = 1

    def test_c_cleanup_raises(self):
        self.addCleanup(_close_broken_connection)

    def test_d_cleanup_fine(self):
        self.addCleanup(lambda: None)


if __name__ == "__main__":
    unittest.main()
