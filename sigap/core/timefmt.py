"""Times are stored in UTC and shown in WITA with their offset."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings


def local_tz() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def to_local(moment: datetime) -> datetime:
    return moment.astimezone(local_tz())


def iso_local(moment: datetime | None) -> str | None:
    """ISO 8601 in WITA with its offset, the form every JSON and Open311 answer uses."""
    if moment is None:
        return None
    return to_local(moment).isoformat(timespec="seconds")
