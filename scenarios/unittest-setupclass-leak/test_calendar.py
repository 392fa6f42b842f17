import datetime
import unittest
from unittest import mock

import timekeeper

FROZEN = datetime.date(1999, 1, 2)  # a Saturday, in a year that is never "now"


class FrozenClockTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Leak: started for the class, no tearDownClass stops it.
        cls.today = mock.patch("timekeeper.today", return_value=FROZEN).start()

    def test_is_weekend(self):
        self.assertTrue(timekeeper.is_weekend())

    def test_year(self):
        self.assertEqual(timekeeper.year(), 1999)


class LiveClockTests(unittest.TestCase):
    def test_year_is_current(self):
        # Victim: runs after FrozenClockTests and still sees the frozen clock.
        self.assertEqual(timekeeper.year(), datetime.date.today().year)

    def test_weekday_range(self):
        # Calls nothing that was patched.
        self.assertIn(datetime.date.today().weekday(), range(7))
