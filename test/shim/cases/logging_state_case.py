"""A test that leaves a logger changed (level, handler, propagate), beside one that restores its change."""
import logging
import unittest


class LoggingState(unittest.TestCase):
    def test_a_leaves_the_logger_changed(self):
        logger = logging.getLogger("app.db")
        logger.setLevel(logging.DEBUG)
        logger.addHandler(logging.StreamHandler())
        logger.propagate = False

    def test_b_restores_its_change(self):
        logger = logging.getLogger("app.cache")
        logger.setLevel(logging.ERROR)
        logger.setLevel(logging.NOTSET)
