"""How many working-day deadlines per second one core computes, and whether a long limit costs more.

Run: .venv/bin/python benchmarks/calendar.py
Targets: at least 100,000 deadlines per second, and a 60-day limit at most 1.5x the time of a 3-day one.
"""

from __future__ import annotations

import sys
from pathlib import Path

# This file is named like the standard library's `calendar`, which `holidays` imports: take the script's own
# folder off the path so that import finds the real module, and put the repo root on it for `sigap`.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != _HERE]
sys.path.insert(0, str(_HERE.parent))

import random  # noqa: E402 - the path must be fixed before anything imports `calendar`
import time  # noqa: E402
from datetime import datetime, timedelta  # noqa: E402

from sigap.domain.calendar import WorkingCalendar  # noqa: E402
from sigap.domain.holiday_source import holidays_for_indonesia  # noqa: E402

CALLS = 200_000
ROUNDS = 7


def random_starts(calendar: WorkingCalendar, count: int) -> list[datetime]:
    rng = random.Random(2026)
    origin = datetime(2025, 1, 1, tzinfo=calendar.tz)
    span_seconds = int(timedelta(days=2 * 365).total_seconds())
    return [origin + timedelta(seconds=rng.randrange(span_seconds)) for _ in range(count)]


def seconds_per_batch(calendar: WorkingCalendar, starts: list[datetime], days: int) -> float:
    add = calendar.add_working_days
    began = time.perf_counter()
    for start in starts:
        add(start, days)
    return time.perf_counter() - began


def main() -> None:
    began = time.perf_counter()
    calendar = WorkingCalendar(holidays=holidays_for_indonesia(range(2025, 2028)))
    print(f"calendar built in {(time.perf_counter() - began) * 1000:.1f} ms")
    starts = random_starts(calendar, CALLS)
    spans = (3, 14, 60)
    timings = dict.fromkeys(spans, float("inf"))
    # Spans take turns within each round and the best round counts, so a burst of other work on the machine
    # does not land on one span only and skew the ratio.
    for _ in range(ROUNDS):
        for days in spans:
            timings[days] = min(timings[days], seconds_per_batch(calendar, starts, days))
    for days in spans:
        print(f"add_working_days(+{days:>2} HK): {CALLS / timings[days]:>10,.0f} deadlines/s")
    print(f"ratio 60-day / 3-day time: {timings[60] / timings[3]:.2f}")


if __name__ == "__main__":
    main()
