import eventlet

eventlet.monkey_patch()

import time  # noqa: E402

import fixtures  # noqa: E402
import testtools  # noqa: E402


class Green(testtools.TestCase):
    def setUp(self):
        super().setUp()
        self.useFixture(fixtures.MockPatch("os.getcwd", return_value="/"))
        self.useFixture(fixtures.MonkeyPatch("os.sep", "!"))

    def test_sleeps(self):
        pool = eventlet.GreenPool()
        for _ in range(3):
            pool.spawn(time.sleep, 0.01)
        pool.waitall()
        eventlet.sleep(0.01)
        time.sleep(0.02)
