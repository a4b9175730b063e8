"""The one instant the suite calls "now", so no test's outcome depends on the day or hour it runs.

Wednesday 11 November 2026, 10:00 WITA: a working day in the middle of office hours, with no national holiday or
cuti bersama between 25 August and 24 December, so "N working days ago/ahead" is plain weekday arithmetic around
it for weeks either side. Tests that need another moment derive it from FIXED_NOW or name their own constant.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

WITA = ZoneInfo("Asia/Makassar")

FIXED_NOW = datetime(2026, 11, 11, 10, 0, tzinfo=WITA)


def days_before_now(days: float) -> datetime:
    """FIXED_NOW minus calendar days: for a history that must lie clearly in the past of the frozen clock."""
    return FIXED_NOW - timedelta(days=days)
