"""The city's working calendar and deadline policy, built from admin-editable rows.

Building the calendar precomputes years of working minutes, so it is cached per process and rebuilt when the
rows change (the admin calls `calendar_changed`) or after a short time, so other processes notice edits too.
"""

from __future__ import annotations

import threading
import time as time_module
from datetime import time

from django.conf import settings

from sigap.calendar.models import Holiday, ServicePolicy, SpecialPeriod, WorkingHours
from sigap.domain.calendar import DayHours, WorkingCalendar, WorkWeek
from sigap.domain.calendar import SpecialPeriod as DomainSpecialPeriod
from sigap.domain.ladder import LadderPolicy
from sigap.domain.sla import ResolutionClass, SlaPolicy

_TTL_SECONDS = 60.0
_lock = threading.Lock()
_cache: dict[str, tuple[float, object]] = {}


def _week_from(rows: list[WorkingHours]) -> WorkWeek:
    if not rows:
        return WorkWeek.default()
    days: dict[int, DayHours] = {}
    for row in rows:
        breaks: tuple[tuple[time, time], ...] = ()
        if row.break_start and row.break_end:
            breaks = ((row.break_start, row.break_end),)
        days[row.weekday] = DayHours(start=row.start, end=row.end, breaks=breaks)
    return WorkWeek(days=days)


def _build_calendar() -> WorkingCalendar:
    normal = list(WorkingHours.objects.filter(period__isnull=True))
    specials = [
        DomainSpecialPeriod(
            first=period.first_day,
            last=period.last_day,
            week=_week_from(list(period.hours.all())),
            name=period.name,
        )
        for period in SpecialPeriod.objects.prefetch_related("hours")
    ]
    holidays = Holiday.objects.filter(is_active=True).values_list("date", flat=True)
    return WorkingCalendar(week=_week_from(normal), holidays=list(holidays), special_periods=specials,
                           tz=settings.TIME_ZONE)


def _policy_row() -> ServicePolicy:
    row = ServicePolicy.objects.filter(name="default").first()
    return row or ServicePolicy(name="default")


def _build_sla() -> SlaPolicy:
    row = _policy_row()
    return SlaPolicy(
        verification_days=row.verification_days,
        first_response_days=row.first_response_days,
        resolution_days={
            ResolutionClass.INFORMATION: row.information_days,
            ResolutionClass.ASPIRATION: row.aspiration_days,
            ResolutionClass.COMPLAINT: row.complaint_days,
            ResolutionClass.SUPERVISORY: row.supervisory_days,
        },
        dispute_resolution_days=row.dispute_resolution_days,
        confirmation_days=row.confirmation_days,
        pending_info_calendar_days=row.pending_info_calendar_days,
    )


def _build_ladder() -> LadderPolicy:
    row = _policy_row()
    values = tuple(int(part) for part in row.ladder_grace_days.split(",") if part.strip().isdigit())
    return LadderPolicy(grace_working_days=values or (2,))


def _cached(key: str, build: object) -> object:
    now = time_module.monotonic()
    with _lock:
        hit = _cache.get(key)
        if hit is not None and now - hit[0] < _TTL_SECONDS:
            return hit[1]
    value = build()  # type: ignore[operator]
    with _lock:
        _cache[key] = (now, value)
    return value


def get_calendar() -> WorkingCalendar:
    calendar = _cached("calendar", _build_calendar)
    assert isinstance(calendar, WorkingCalendar)
    return calendar


def get_sla_policy() -> SlaPolicy:
    policy = _cached("sla", _build_sla)
    assert isinstance(policy, SlaPolicy)
    return policy


def get_ladder_policy() -> LadderPolicy:
    policy = _cached("ladder", _build_ladder)
    assert isinstance(policy, LadderPolicy)
    return policy


def get_same_day_cutoff() -> time:
    cutoff = _cached("cutoff", lambda: _policy_row().same_day_cutoff)
    assert isinstance(cutoff, time)
    return cutoff


def calendar_changed() -> None:
    """Forget cached calendar and policy; call after editing holidays, hours or the policy."""
    with _lock:
        _cache.clear()
