"""Every way of starting and stopping a patch, for test_patch_forms (line numbers are asserted there)."""
import asyncio
import contextlib
import unittest
from unittest import mock


class Target:
    value = 1


def start_in_helper():
    patcher = mock.patch.object(Target, "value", 5)
    patcher.start()
    return patcher


class Forms(unittest.TestCase):
    def test_a_start_stop(self):
        patcher = mock.patch.object(Target, "value", 2)
        patcher.start()
        patcher.stop()
        start_in_helper().stop()
        mock.patch.object(Target, "value", 3).start()
        mock.patch.stopall()

    @mock.patch.object(Target, "value", 2)
    def test_b_decorated(self):
        self.assertEqual(Target.value, 2)

    @mock.patch("patch_forms_case.Target.value", 3)
    @mock.patch.object(Target, "other", create=True)
    def test_c_stacked(self, other):
        self.assertEqual(Target.value, 3)

    def test_d_async_decorated_called_twice(self):
        @mock.patch.object(Target, "value", 9)
        async def inner():
            return Target.value

        self.assertEqual([asyncio.run(inner()), asyncio.run(inner())], [9, 9])

    def test_e_exit_stack_in_the_test(self):
        with contextlib.ExitStack() as stack:
            stack.enter_context(mock.patch.object(Target, "value", 12))


@mock.patch.object(Target, "value", 13)
class Decorated(unittest.TestCase):
    def test_one(self):
        self.assertEqual(Target.value, 13)
