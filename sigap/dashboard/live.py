"""The figures that change with the clock alone, read on every view from the unfinished facts only.

An open report turns late when its deadline passes and moves between age bands at midnight, with no event to
mark it; so overdue now, the open part of "late", the backlog by age and the late-right-now list are counted
live, over the (small, partially indexed) set of unfinished facts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncDate

from sigap.core.timefmt import local_tz
from sigap.dashboard.models import ReportFact
from sigap.domain.lifecycle import PAUSED_STATUS

AGE_BANDS: tuple[tuple[str, int, int | None], ...] = (
    ("0-7", 0, 7), ("8-30", 8, 30), ("31-90", 31, 90), ("91+", 91, None),
)


def overdue_q(now: datetime) -> Q:
    """Of unfinished facts: past the deadline and not waiting on the reporter. (Not naming finished_at keeps the
    open-facts index enough on its own: PostgreSQL answers from it without touching the table.)"""
    return Q(deadline_at__lt=now) & ~Q(status=PAUSED_STATUS)


def late_now_q(now: datetime) -> Q:
    return Q(finished_at__isnull=True) & overdue_q(now)


@dataclass
class Live:
    """Keys of None stay None here (no unit yet, no kelurahan given)."""

    overdue: dict[int | None, int] = field(default_factory=dict)  # per unit
    backlog: dict[int | None, dict[str, int]] = field(default_factory=dict)  # per unit, per age band
    kecamatan: dict[int | None, int] = field(default_factory=dict)  # overdue per kecamatan
    kelurahan: dict[int | None, int] = field(default_factory=dict)  # overdue per kelurahan
    days: dict[date, int] = field(default_factory=dict)  # overdue per local day of receipt


def open_facts(unit_ids: frozenset[int] | None, start: datetime, end: datetime) -> QuerySet[ReportFact]:
    facts = ReportFact.objects.filter(finished_at__isnull=True, received_at__gte=start, received_at__lt=end)
    return (facts if unit_ids is None else facts.filter(unit_id__in=unit_ids)).order_by()


def live_figures(unit_ids: frozenset[int] | None, start: datetime, end: datetime, now: datetime) -> Live:
    facts = open_facts(unit_ids, start, end)
    overdue = overdue_q(now)
    bands = {}
    for name, low, high in AGE_BANDS:
        condition = Q(received_at__lte=now - timedelta(days=low))
        if high is not None:
            condition &= Q(received_at__gt=now - timedelta(days=high + 1))
        bands[f"band_{name}"] = Count("received_at", filter=condition)
    result = Live()
    rows: Any = facts.values("unit_id").annotate(overdue_n=Count("received_at", filter=overdue), **bands)
    for row in rows:
        result.overdue[row["unit_id"]] = row["overdue_n"]
        result.backlog[row["unit_id"]] = {name: row[f"band_{name}"] for name, _low, _high in AGE_BANDS}
    late = facts.filter(overdue)
    for kecamatan_id, kelurahan_id, count in (late.values_list("kecamatan_id", "kelurahan_id")
                                              .annotate(n=Count("*"))):
        result.kecamatan[kecamatan_id] = result.kecamatan.get(kecamatan_id, 0) + count
        result.kelurahan[kelurahan_id] = result.kelurahan.get(kelurahan_id, 0) + count
    days = late.annotate(day=TruncDate("received_at", tzinfo=local_tz())).values_list("day").annotate(n=Count("*"))
    result.days = {day: count for day, count in days}
    return result


def late_now(unit_ids: frozenset[int] | None, now: datetime, limit: int = 50) -> Sequence[ReportFact]:
    """Open reports past their deadline, the latest first."""
    facts = ReportFact.objects.filter(late_now_q(now))
    if unit_ids is not None:
        facts = facts.filter(unit_id__in=unit_ids)
    return list(facts.select_related("report", "unit", "kelurahan").order_by("deadline_at")[:limit])
