import unittest

import mock  # the PyPI backport, not unittest.mock

import weather


class WeatherTests(unittest.TestCase):
    @mock.patch("weather.read_sensor", return_value=30.0)
    def test_a_hot_decorated(self, sensor):
        self.assertFalse(weather.is_freezing())
        sensor.assert_called_once_with()

    def test_b_cold_leak(self):
        # Leak: patch.object from the backport, started and never stopped.
        mock.patch.object(weather, "read_sensor", return_value=-5.0).start()
        self.assertTrue(weather.is_freezing())

    def test_c_mild_real_sensor(self):
        # Victim: is_freezing() calls the leaked mock.
        self.assertFalse(weather.is_freezing())

    def test_d_unit_scoped(self):
        with mock.patch("weather.unit", return_value="F"):
            self.assertEqual(weather.unit(), "F")
        self.assertEqual(weather.unit(), "C")
