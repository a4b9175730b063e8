"""Loaded by every Python process of the moved-clock run (scripts/test_moved_clock.sh puts this folder on PYTHONPATH).

libfaketime makes `clock_nanosleep`, which `time.sleep` uses on Linux since Python 3.11, fail with EINVAL, so a
sleep under the moved clock raises instead of waiting. `select` with a relative timeout is not faked: sleep with it.
Only the wall clock is moved (FAKETIME_DONT_FAKE_MONOTONIC=1), so durations measured with `time.monotonic` stay true.
"""

from __future__ import annotations

import os
import select
import time

if os.environ.get("FAKETIME"):
    _real_sleep = time.sleep

    def _sleep(seconds: float) -> None:
        if seconds < 0:
            raise ValueError("sleep length must be non-negative")
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            select.select([], [], [], left)

    time.sleep = _sleep
