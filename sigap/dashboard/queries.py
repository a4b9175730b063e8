"""The dashboard's figures, from the rollups and the facts (never from the raw event log).

Stable figures (received, on time, finished late, escalations, response and resolution percentiles, top
categories, weekly counts) come from `stable`; time-dependent ones (overdue now, the open part of late, backlog
by age) from `live`; this module puts them together per unit, kecamatan, kelurahan and week.

On time %: reports finished by their deadline, over reports finished plus reports still open and already past
their deadline (open items not yet due are not judged yet; pending_info waits on the reporter).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet

from sigap.core.timefmt import local_tz
from sigap.dashboard import live as live_module
from sigap.dashboard.live import AGE_BANDS, Live, late_now_q
from sigap.dashboard.models import ReportFact
from sigap.dashboard.stable import Stable

__all__ = ["AGE_BANDS", "Figures", "Scope", "Week", "late_now", "late_now_q"]


@dataclass(frozen=True)
class Scope:
    """Unit ids the viewer may see (None: the whole city, including unassigned reports)."""

    unit_ids: frozenset[int] | None

    def facts(self) -> QuerySet[ReportFact]:
        if self.unit_ids is None:
            return ReportFact.objects.all()
        return ReportFact.objects.filter(unit_id__in=self.unit_ids)

    @property
    def key(self) -> str:
        return "city" if self.unit_ids is None else ",".join(str(pk) for pk in sorted(self.unit_ids))


@dataclass
class Figures:
    key: object
    label: str = ""
    received: int = 0
    on_time: int = 0
    late: int = 0
    overdue_now: int = 0
    escalations: int = 0
    backlog: dict[str, int] = field(default_factory=dict)
    response_p50: int | None = None
    response_p90: int | None = None
    resolution_p50: int | None = None
    resolution_p90: int | None = None
    top_categories: list[tuple[str, int]] = field(default_factory=list)

    @property
    def on_time_pct(self) -> float | None:
        judged = self.on_time + self.late
        return round(100.0 * self.on_time / judged, 1) if judged else None


def _key(value: int) -> int | None:
    return value or None


def by_unit(stable: Stable, live: Live) -> dict[int | None, Figures]:
    """Figures per unit id (None: not yet assigned); late counts finished-late plus open-and-overdue."""
    result: dict[int | None, Figures] = {}
    for unit_id, unit in stable.units.items():
        if not unit.received:
            continue
        key = _key(unit_id)
        result[key] = Figures(
            key=key, received=unit.received, on_time=unit.on_time, late=unit.late_done,
            escalations=unit.escalations, response_p50=unit.response[0], response_p90=unit.response[1],
            resolution_p50=unit.resolution[0], resolution_p90=unit.resolution[1],
        )
    for key, overdue in live.overdue.items():
        figures = result.setdefault(key, Figures(key=key))  # a report folded between the two reads
        figures.overdue_now = overdue
        figures.late += overdue
    for unit_key, figures in result.items():
        figures.backlog = dict(live.backlog.get(unit_key) or {name: 0 for name, _low, _high in AGE_BANDS})
    return result


def by_wilayah(stable: Stable, live: Live, level: str, limit: int = 3
               ) -> tuple[dict[object, Figures], dict[object, list[tuple[int, int]]]]:
    """Figures per kecamatan or kelurahan id, and the top categories (category id, count) of each."""
    index = 0 if level == "kecamatan" else 1
    overdue = live.kecamatan if level == "kecamatan" else live.kelurahan
    result: dict[object, Figures] = {}
    categories: dict[object, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for place, (received, on_time, late_done) in stable.places.items():
        if not received:
            continue
        key = _key(place[index])
        figures = result.setdefault(key, Figures(key=key))
        figures.received += received
        figures.on_time += on_time
        figures.late += late_done
        categories[key][place[2]] += received
    for key, count in overdue.items():
        figures = result.setdefault(key, Figures(key=key))
        figures.overdue_now = count
        figures.late += count
    tops = {key: sorted(((category or 0, n) for category, n in found.items()), key=lambda item: (-item[1], item[0]))
            [:limit] for key, found in categories.items()}
    return result, tops


@dataclass(frozen=True)
class Week:
    start: datetime
    received: int
    on_time: int
    late: int

    @property
    def on_time_pct(self) -> float | None:
        judged = self.on_time + self.late
        return round(100.0 * self.on_time / judged, 1) if judged else None


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def weekly(stable: Stable, live: Live) -> list[Week]:
    """Per week (Monday, local time) of receipt: received, on time, late (finished late or open and overdue)."""
    weeks: dict[date, list[int]] = defaultdict(lambda: [0, 0, 0])
    for day, (received, on_time, late_done) in stable.days.items():
        if received:
            week = weeks[_monday(day)]
            week[0] += received
            week[1] += on_time
            week[2] += late_done
    for day, overdue in live.days.items():
        weeks[_monday(day)][2] += overdue
    return [Week(datetime.combine(monday, time.min, local_tz()), *weeks[monday]) for monday in sorted(weeks)]


def late_now(scope: Scope, now: datetime, limit: int = 50) -> Sequence[ReportFact]:
    """Open reports past their deadline, the latest first."""
    return live_module.late_now(scope.unit_ids, now, limit)
