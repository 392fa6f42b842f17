"""A weather station whose sensor the tests replace."""


def read_sensor():
    return 12.5


def is_freezing():
    return read_sensor() <= 0


def unit():
    return "C"
