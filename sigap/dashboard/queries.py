"""The dashboard's figures, read from `ReportFact` (never from the raw event log).

On time %: reports finished by their deadline, over reports finished plus reports still open and already past
their deadline (open items not yet due are not judged yet; pending_info waits on the reporter).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import connection
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncWeek

from sigap.dashboard.facts import percentile
from sigap.dashboard.models import ReportFact

AGE_BANDS: tuple[tuple[str, int, int | None], ...] = (
    ("0-7", 0, 7), ("8-30", 8, 30), ("31-90", 31, 90), ("91+", 91, None),
)
PAUSED = "pending_info"


@dataclass(frozen=True)
class Scope:
    """Unit ids the viewer may see (None: the whole city, including unassigned reports)."""

    unit_ids: frozenset[int] | None

    def facts(self) -> QuerySet[ReportFact]:
        if self.unit_ids is None:
            return ReportFact.objects.all()
        return ReportFact.objects.filter(unit_id__in=self.unit_ids)


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


def late_now_q(now: datetime) -> Q:
    return Q(finished_at__isnull=True, deadline_at__lt=now) & ~Q(status=PAUSED)


def _counts(facts: QuerySet[ReportFact], group: str, now: datetime) -> dict[object, Figures]:
    overdue = late_now_q(now)
    band_aggs = {}
    for name, low, high in AGE_BANDS:
        condition = Q(finished_at__isnull=True, received_at__lte=now - timedelta(days=low))
        if high is not None:
            condition &= Q(received_at__gt=now - timedelta(days=high + 1))
        band_aggs[f"band_{name}"] = Count("pk", filter=condition)
    rows = facts.values(group).annotate(
        received=Count("pk"), on_time_n=Count("pk", filter=Q(on_time=True)),
        late_n=Count("pk", filter=Q(on_time=False) | overdue), overdue_n=Count("pk", filter=overdue),
        escalations_n=Sum("escalations"), **band_aggs,
    ).order_by()
    result: dict[object, Figures] = {}
    for row in rows:
        result[row[group]] = Figures(
            key=row[group], received=row["received"], on_time=row["on_time_n"], late=row["late_n"],
            overdue_now=row["overdue_n"], escalations=row["escalations_n"] or 0,
            backlog={name: row[f"band_{name}"] for name, _low, _high in AGE_BANDS},
        )
    return result


def _percentiles(facts: QuerySet[ReportFact], group: str) -> dict[object, dict[str, int | None]]:
    out: dict[object, dict[str, int | None]] = defaultdict(dict)
    for column in ("response_minutes", "resolution_minutes"):
        subset = facts.filter(**{f"{column}__isnull": False})
        if connection.vendor == "postgresql":
            sql, params = subset.values(group, column).query.sql_with_params()
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT g, percentile_disc(0.5) WITHIN GROUP (ORDER BY m), "  # noqa: S608 - built by the ORM
                    f"percentile_disc(0.9) WITHIN GROUP (ORDER BY m) FROM ({sql}) AS s(g, m) GROUP BY g", params)
                for key, p50, p90 in cursor.fetchall():
                    out[key][f"{column}_50"], out[key][f"{column}_90"] = p50, p90
        else:
            values: dict[object, list[int]] = defaultdict(list)
            for key, minutes in subset.values_list(group, column).iterator(chunk_size=20_000):
                values[key].append(minutes)
            for key, found in values.items():
                out[key][f"{column}_50"] = percentile(found, 0.5)
                out[key][f"{column}_90"] = percentile(found, 0.9)
    return out


def grouped(scope: Scope, start: datetime, end: datetime, now: datetime, group: str) -> dict[object, Figures]:
    """Figures per `group` (a ReportFact column: unit_id, kelurahan_id, kecamatan_id) for reports received
    in [start, end)."""
    facts = scope.facts().filter(received_at__gte=start, received_at__lt=end)
    result = _counts(facts, group, now)
    for key, values in _percentiles(facts, group).items():
        figures = result.get(key)
        if figures is None:
            continue
        figures.response_p50 = values.get("response_minutes_50")
        figures.response_p90 = values.get("response_minutes_90")
        figures.resolution_p50 = values.get("resolution_minutes_50")
        figures.resolution_p90 = values.get("resolution_minutes_90")
    return result


def top_categories(scope: Scope, start: datetime, end: datetime, group: str, limit: int = 3
                   ) -> dict[object, list[tuple[int, int]]]:
    rows = (scope.facts().filter(received_at__gte=start, received_at__lt=end)
            .values_list(group, "category_id").annotate(n=Count("pk")).order_by())
    found: dict[object, list[tuple[int, int]]] = defaultdict(list)
    for key, category_id, count in rows:
        found[key].append((category_id, count))
    return {key: sorted(items, key=lambda item: (-item[1], item[0]))[:limit] for key, items in found.items()}


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


def weekly(scope: Scope, start: datetime, end: datetime, now: datetime, tz: object) -> list[Week]:
    rows = (scope.facts().filter(received_at__gte=start, received_at__lt=end)
            .annotate(week=TruncWeek("received_at", tzinfo=tz)).values("week")
            .annotate(received=Count("pk"), on_time_n=Count("pk", filter=Q(on_time=True)),
                      late_n=Count("pk", filter=Q(on_time=False) | late_now_q(now)))
            .order_by("week"))
    return [Week(row["week"], row["received"], row["on_time_n"], row["late_n"]) for row in rows]


def late_now(scope: Scope, now: datetime, limit: int = 50) -> Sequence[ReportFact]:
    """Open reports past their deadline, the latest first."""
    return list(scope.facts().filter(late_now_q(now)).select_related("report", "unit", "kelurahan")
                .order_by("deadline_at")[:limit])
