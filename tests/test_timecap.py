"""extract.timecap: the watchdog that stops a reader inside a long library call, in any thread."""

from __future__ import annotations

import contextlib
import threading
import time

import pytest

from extract.timecap import TimeCap, TimeCapExceeded


def _spin_until_stopped(seconds: float) -> float:
    """Busy Python code that swallows every Exception, as library code does; returns when it was stopped."""
    start = time.monotonic()
    with pytest.raises(TimeCapExceeded), TimeCap(seconds):
        while True:
            with contextlib.suppress(Exception):  # as library code does: a broad except does not hold the cap
                sum(range(1000))
    return time.monotonic() - start


def test_stops_busy_code_in_the_calling_thread() -> None:
    assert 0.2 <= _spin_until_stopped(0.2) < 1.0


def test_stops_busy_code_in_a_worker_thread() -> None:
    took: list[float] = []
    worker = threading.Thread(target=lambda: took.append(_spin_until_stopped(0.2)))
    worker.start()
    worker.join(5)
    assert took and 0.2 <= took[0] < 1.0


def test_never_fires_after_the_block() -> None:
    with TimeCap(0.05) as cap:
        pass
    time.sleep(0.3)  # a late exception would be raised here
    assert not cap.fired


def test_a_block_that_finishes_in_time_is_untouched() -> None:
    with TimeCap(5) as cap:
        total = sum(range(100_000))
    assert total == 4_999_950_000 and not cap.fired


def test_a_zero_cap_fires_and_is_disarmed() -> None:
    """A cap that fires while the block is being entered must still be disarmed (no stray stop later)."""
    for _ in range(50):
        with contextlib.suppress(TimeCapExceeded), TimeCap(0):
            time.sleep(0.01)
    time.sleep(1.5)  # a watchdog left armed would raise here, after its retry interval
