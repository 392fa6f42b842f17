"""A pytest test that swallows the hang interrupt and blocks on (its own file: traced runs of
perturb_pytest.py have no backstop and would block with it)."""
import time


def test_swallows_the_interrupt():
    while True:
        try:
            time.sleep(100)
        except BaseException:
            pass
