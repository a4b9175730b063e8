"""The figures of a period that change only when an event does: sums of the rollups for the whole days and
months inside the period, and the facts themselves for the days at its edges (part of a month).

received, on time, finished late, escalations and the working-minute percentiles per unit; received, on time
and finished late per (kecamatan, kelurahan, category); received, on time and finished late per local day.
Keys of None are 0 here, as in the rollups.
"""

from __future__ import annotations

from array import array
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q, QuerySet, Sum

from sigap.core.timefmt import local_tz
from sigap.dashboard.facts import nearest_rank
from sigap.dashboard.models import DayRollup, MonthMinutes, MonthRollup, ReportFact
from sigap.dashboard.rollups import counts, local_day, unpack

PERCENTILES = (0.5, 0.9)


@dataclass
class UnitStable:
    received: int = 0
    on_time: int = 0
    late_done: int = 0
    escalations: int = 0
    response: tuple[int | None, int | None] = (None, None)
    resolution: tuple[int | None, int | None] = (None, None)


@dataclass
class Stable:
    units: dict[int, UnitStable] = field(default_factory=dict)
    places: dict[tuple[int, int, int], list[int]] = field(default_factory=dict)  # (kec, kel, category)
    days: dict[date, list[int]] = field(default_factory=dict)


@dataclass(frozen=True)
class Spans:
    """Whole local days [first_day, end_day) and whole months [first_month, end_month) inside [start, end)."""

    start: datetime
    end: datetime
    first_day: date
    end_day: date
    first_month: date
    end_month: date

    @staticmethod
    def of(start: datetime, end: datetime) -> Spans:
        local_start, local_end = start.astimezone(local_tz()), end.astimezone(local_tz())
        first_day = local_start.date() + timedelta(days=0 if local_start.time() == time.min else 1)
        end_day = max(first_day, local_end.date())
        first_month = first_day if first_day.day == 1 else _next_month(first_day)
        end_month = max(first_month, end_day.replace(day=1))
        return Spans(start, end, first_day, end_day, first_month, end_month)

    def edges(self, first: date, end: date) -> list[Q]:
        """The instants of the period outside the whole days or months [first, end), as separate ranges (one
        query each: two ranges OR-ed together would make PostgreSQL give up the index-only scan)."""
        if first >= end:
            ranges = [(self.start, self.end)]
        else:
            ranges = [(self.start, _midnight(first)), (_midnight(end), self.end)]
        return [Q(received_at__gte=low, received_at__lt=high) for low, high in ranges if low < high]


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, local_tz())


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def stable_figures(unit_ids: frozenset[int] | None, start: datetime, end: datetime) -> Stable:
    """The stable figures for reports received in [start, end) and handled by `unit_ids` (None: the city)."""
    spans = Spans.of(start, end)
    result = Stable()
    _add_days(result, _scoped(DayRollup.objects, unit_ids), spans)
    for edge in spans.edges(spans.first_day, spans.end_day):
        _add_day_edges(result, _facts(unit_ids).filter(edge))
    months = _scoped(MonthRollup.objects, unit_ids).filter(month__gte=spans.first_month, month__lt=spans.end_month)
    month_edges = [_facts(unit_ids).filter(edge) for edge in spans.edges(spans.first_month, spans.end_month)]
    _add_places(result, months, month_edges)
    _add_percentiles(result, _scoped(MonthMinutes.objects, unit_ids).filter(
        month__gte=spans.first_month, month__lt=spans.end_month), month_edges)
    return result


def _scoped(manager: object, unit_ids: frozenset[int] | None) -> QuerySet:  # type: ignore[type-arg]
    rows: QuerySet = manager.all()  # type: ignore[attr-defined, type-arg]
    return rows if unit_ids is None else rows.filter(unit_id__in=unit_ids)


def _facts(unit_ids: frozenset[int] | None) -> QuerySet[ReportFact]:
    facts = ReportFact.objects.order_by()
    return facts if unit_ids is None else facts.filter(unit_id__in=unit_ids)


def _sums(rows: QuerySet, *keys: str) -> QuerySet:  # type: ignore[type-arg]
    return (rows.order_by().values(*keys).annotate(n=Sum("received"), ok=Sum("on_time"), late=Sum("late_done"),
                                                   esc=Sum("escalations")))


def _add_days(result: Stable, days: QuerySet, spans: Spans) -> None:  # type: ignore[type-arg]
    whole = days.filter(day__gte=spans.first_day, day__lt=spans.end_day)
    for row in _sums(whole, "unit_id"):
        unit = result.units.setdefault(row["unit_id"], UnitStable())
        unit.received += row["n"]
        unit.on_time += row["ok"]
        unit.late_done += row["late"]
        unit.escalations += row["esc"]
    for row in _sums(whole, "day"):
        result.days[row["day"]] = [row["n"], row["ok"], row["late"]]


def _add_day_edges(result: Stable, facts: QuerySet[ReportFact]) -> None:
    """Reports received on the part-days at the ends of the period (none for a period of whole days)."""
    for unit_id, received_at, on_time, escalations in facts.values_list("unit_id", "received_at", "on_time",
                                                                        "escalations"):
        received, ok, late, esc = counts(on_time, escalations)
        unit = result.units.setdefault(unit_id or 0, UnitStable())
        unit.received += received
        unit.on_time += ok
        unit.late_done += late
        unit.escalations += esc
        day = result.days.setdefault(local_day(received_at), [0, 0, 0])
        for index, value in enumerate((received, ok, late)):
            day[index] += value


def _add_places(result: Stable, months: QuerySet, edges: list[QuerySet[ReportFact]]) -> None:  # type: ignore[type-arg]
    places: dict[tuple[int, int, int], list[int]] = defaultdict(lambda: [0, 0, 0])
    for row in _sums(months, "kecamatan_id", "kelurahan_id", "category_id"):
        place = places[(row["kecamatan_id"], row["kelurahan_id"], row["category_id"])]
        place[0] += row["n"]
        place[1] += row["ok"]
        place[2] += row["late"]
    edge_rows = [row for edge in edges for row in edge.values("kecamatan_id", "kelurahan_id", "category_id")
                 .annotate(n=Count("*"), ok=Count("received_at", filter=Q(on_time=True)),
                           late=Count("received_at", filter=Q(on_time=False)))]
    for row in edge_rows:
        place = places[(row["kecamatan_id"] or 0, row["kelurahan_id"] or 0, row["category_id"] or 0)]
        place[0] += row["n"]
        place[1] += row["ok"]
        place[2] += row["late"]
    result.places = dict(places)


def _add_percentiles(result: Stable, months: QuerySet,  # type: ignore[type-arg]
                     edges: list[QuerySet[ReportFact]]) -> None:
    response: dict[int, array[int]] = defaultdict(lambda: array("i"))
    resolution: dict[int, array[int]] = defaultdict(lambda: array("i"))
    for unit_id, response_blob, resolution_blob in months.values_list("unit_id", "response", "resolution"):
        unpack(response_blob, into=response[unit_id])
        unpack(resolution_blob, into=resolution[unit_id])
    measured = [row for edge in edges for row in edge.values_list("unit_id", "response_minutes", "resolution_minutes")]
    for unit_id, response_minutes, resolution_minutes in measured:
        if response_minutes is not None:
            response[unit_id or 0].append(response_minutes)
        if resolution_minutes is not None:
            resolution[unit_id or 0].append(resolution_minutes)
    for unit_id, unit in result.units.items():
        unit.response = _percentiles(response.get(unit_id))
        unit.resolution = _percentiles(resolution.get(unit_id))


def _percentiles(values: array[int] | None) -> tuple[int | None, int | None]:
    if not values:
        return None, None
    ordered = sorted(values)  # runs of sorted months: Timsort merges rather than sorts
    low, high = (ordered[nearest_rank(fraction, len(ordered)) - 1] for fraction in PERCENTILES)
    return low, high

