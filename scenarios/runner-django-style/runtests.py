"""A Django-style test runner: builds the suite itself (like DiscoverRunner) and runs it with TextTestRunner."""
import os
import sys
import unittest


class DiscoverRunner:
    def __init__(self, verbosity=2):
        self.verbosity = verbosity

    def build_suite(self, labels):
        loader = unittest.TestLoader()
        suite = unittest.TestSuite()
        for label in labels or ["."]:
            if os.path.isdir(label):
                suite.addTests(loader.discover(start_dir=label, top_level_dir=label))
            else:
                suite.addTests(loader.loadTestsFromName(label))
        return suite

    def run_suite(self, suite):
        return unittest.TextTestRunner(verbosity=self.verbosity).run(suite)

    def run_tests(self, labels):
        result = self.run_suite(self.build_suite(labels))
        return len(result.failures) + len(result.errors)


if __name__ == "__main__":
    sys.exit(1 if DiscoverRunner().run_tests(sys.argv[1:]) else 0)
