import unittest

import session


class SessionTests(unittest.TestCase):
    def test_a_login(self):
        session.user = "ann"
        self.assertEqual(session.user, "ann")

    def test_b_greeting(self):
        # Depends on test_a_login's state: fails alone or first.
        self.assertEqual(session.greeting(), "hello ann")
