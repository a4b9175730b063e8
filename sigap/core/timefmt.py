"""Times are stored in UTC and shown in the city's local time with its offset.

The one place that turns settings into a time zone: `TIME_ZONE` (e.g. `Asia/Makassar`) and its short label for
people (`SIGAP_TIME_ZONE_LABEL`, e.g. `WITA`). Code never writes either by hand.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings


def local_tz() -> ZoneInfo:
    """The city's time zone (ZoneInfo caches instances, so calling this in a loop is cheap)."""
    return ZoneInfo(settings.TIME_ZONE)


def tz_label() -> str:
    """What people call the local time zone (`WITA`), shown after every time of day."""
    return str(settings.SIGAP_TIME_ZONE_LABEL)


def utc_offset_label(moment: datetime) -> str:
    """`UTC+8` for WITA: the offset at `moment`, whole hours without minutes."""
    offset = to_local(moment).utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    sign, minutes = ("+" if minutes >= 0 else "-"), abs(minutes)
    hours, rest = divmod(minutes, 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def to_local(moment: datetime) -> datetime:
    return moment.astimezone(local_tz())


def iso_local(moment: datetime | None) -> str | None:
    """ISO 8601 in local time with its offset, the form every JSON and Open311 answer uses."""
    if moment is None:
        return None
    return to_local(moment).isoformat(timespec="seconds")


def short_local(moment: datetime) -> str:
    """`11-11-2026 10:00 WITA`: a time in a WhatsApp or e-mail text, day first as people here write it."""
    return f"{to_local(moment):%d-%m-%Y %H:%M} {tz_label()}"
