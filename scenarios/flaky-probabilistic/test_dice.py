"""About one run in twenty fails: a retry budget drawn from an RNG seeded by the OS (os.urandom).

Not seeded by the clock: seeds ~100 ms apart made the first draws nearly periodic across runs."""
import random
import unittest


def attempts_needed(rng):
    return 4 if rng.random() < 0.05 else 1


class DiceTests(unittest.TestCase):
    def test_within_retry_budget(self):
        rng = random.Random()
        self.assertLessEqual(attempts_needed(rng), 3)

    def test_deterministic_neighbour(self):
        self.assertEqual(attempts_needed(random.Random(1)), 1)
