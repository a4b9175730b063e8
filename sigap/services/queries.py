"""Reads that pages, the dashboard and the API share: the counter's queue, compliance, complaints per period."""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, QuerySet
from django.db.models.functions import TruncDate, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sigap.domain.service_requests import OPEN_STATUSES, STATUS_LABELS, RequestAction, RequestStatus
from sigap.organization.models import Unit
from sigap.reports.models import Materi
from sigap.services.models import ReportService, Service, ServiceRequest, ServiceRequestEvent

OPEN_VALUES = [status.value for status in OPEN_STATUSES]


@dataclass(frozen=True)
class CounterQueue:
    today: list[ServiceRequest]
    due_today: list[ServiceRequest]
    late: list[ServiceRequest]


def counter_queue(requests: QuerySet[ServiceRequest], *, now: datetime) -> CounterQueue:
    """`requests` comes from an access function; this only sorts it into the counter's three lists."""
    local_today = timezone.localdate(now)
    start = timezone.make_aware(datetime.combine(local_today, datetime.min.time()))
    end = start + timedelta(days=1)
    base = requests.select_related("service", "unit")
    open_ = base.filter(status__in=[*OPEN_VALUES, RequestStatus.READY.value])
    return CounterQueue(
        today=list(base.filter(received_at__gte=start, received_at__lt=end).order_by("received_at")),
        due_today=list(open_.filter(status__in=OPEN_VALUES, promised_at__gte=now, promised_at__lt=end)
                       .order_by("promised_at")),
        late=list(open_.filter(status__in=OPEN_VALUES, promised_at__lt=now).order_by("promised_at")),
    )


@dataclass(frozen=True)
class ComplianceRow:
    """One service at one unit over a period. Shares are 0-1 floats, None when nothing was finished."""

    service_code: str
    service_name: str
    unit_code: str
    unit_name: str
    received: int
    finished: int
    finished_on_time: int
    on_time_share: float | None
    same_day_rate: float | None
    median_minutes: float | None
    open_now: int
    late_now: int


def _subtree(units: Iterable[Unit] | None) -> Q:
    if units is None:
        return Q()
    condition = Q(pk__in=[])
    for unit in units:
        condition |= Q(unit__path__startswith=unit.path)
    return condition


def compliance(*, units: Iterable[Unit] | None = None, period: tuple[datetime, datetime] | None = None,
               now: datetime | None = None) -> list[ComplianceRow]:
    """Per service and unit: share finished within the standard, same-day rate, median time, open now.

    `units`: None for the whole city, else those units and their subtrees. `period`: [start, end) on the time
    of receipt (None: all time). "Finished" means the product was ready (the clock stops there); same-day rate
    is the share of finished requests ready on the local day they were received; median time is in minutes
    from receipt to ready. Open now counts currently open requests whatever the period. Counting happens in
    the database; only the durations of finished requests come back, for the median.
    """
    now = now or timezone.now()
    local = timezone.get_current_timezone()
    units = list(units) if units is not None else None
    scope = ServiceRequest.objects.filter(_subtree(units))
    in_period = scope.filter(received_at__gte=period[0], received_at__lt=period[1]) if period else scope
    in_period = in_period.exclude(status=RequestStatus.CANCELLED)
    keys = ("service_id", "unit_id", "service__code", "service__name", "unit__code", "unit__name")
    finished = Q(ready_at__isnull=False)
    counted = (in_period.annotate(received_day=TruncDate("received_at", tzinfo=local),
                                  ready_day=TruncDate("ready_at", tzinfo=local))
               .values(*keys).order_by()
               .annotate(received=Count("pk"), finished=Count("pk", filter=finished),
                         on_time=Count("pk", filter=finished & Q(ready_at__lte=F("promised_at"))),
                         same_day=Count("pk", filter=finished & Q(ready_day=F("received_day")))))
    figures: dict[tuple[int, int], dict[str, Any]] = {}
    names: dict[tuple[int, int], tuple[str, str, str, str]] = {}
    for row in counted:
        key = (row["service_id"], row["unit_id"])
        figures[key] = row
        names[key] = (row["service__code"], row["service__name"], row["unit__code"], row["unit__name"])
    durations: dict[tuple[int, int], list[float]] = defaultdict(list)
    for service_id, unit_id, took in in_period.filter(finished).annotate(
            took=ExpressionWrapper(F("ready_at") - F("received_at"), output_field=DurationField())
    ).values_list("service_id", "unit_id", "took"):
        durations[(service_id, unit_id)].append(took.total_seconds() / 60)
    open_counts: dict[tuple[int, int], tuple[int, int]] = {}
    for row in scope.filter(status__in=OPEN_VALUES).values(*keys).order_by().annotate(
            total=Count("pk"), late=Count("pk", filter=Q(promised_at__lt=now))):
        key = (row["service_id"], row["unit_id"])
        open_counts[key] = (int(row["total"]), int(row["late"]))
        names.setdefault(key, (row["service__code"], row["service__name"], row["unit__code"], row["unit__name"]))
    rows = []
    for key in sorted(names, key=lambda k: (names[k][1], names[k][3])):
        figure = figures.get(key, {})
        done = int(figure.get("finished", 0))
        on_time = int(figure.get("on_time", 0))
        open_total, late_total = open_counts.get(key, (0, 0))
        code, name, unit_code, unit_name = names[key]
        rows.append(ComplianceRow(
            service_code=code, service_name=name, unit_code=unit_code, unit_name=unit_name,
            received=int(figure.get("received", 0)), finished=done, finished_on_time=on_time,
            on_time_share=on_time / done if done else None,
            same_day_rate=int(figure.get("same_day", 0)) / done if done else None,
            median_minutes=statistics.median(durations[key]) if durations.get(key) else None,
            open_now=open_total, late_now=late_total,
        ))
    return rows


def complaints_per_period(service: Service, *, months: int = 12, now: datetime | None = None) -> list[
        tuple[date, int]]:
    """Complaints of the kind ketidaksesuaian_standar naming this service, per calendar month (newest first)."""
    now = now or timezone.now()
    since = now - timedelta(days=31 * months)
    rows = (ReportService.objects.filter(service=service, report__materi=Materi.KETIDAKSESUAIAN_STANDAR,
                                         report__received_at__gte=since)
            .annotate(month=TruncMonth("report__received_at")).values("month").annotate(total=Count("pk"))
            .order_by("-month"))
    return [(row["month"].date() if isinstance(row["month"], datetime) else row["month"], row["total"])
            for row in rows]


# What each stored step code means to a person, said as done (the counter's buttons say what to do).
STEP_TEXT = {
    RequestAction.SUBMIT: _("Request registered"),
    RequestAction.CHECK: _("Requirements checked: complete"),
    RequestAction.MARK_INCOMPLETE: _("Requirements incomplete: the applicant was told"),
    RequestAction.COMPLETE: _("The missing items were brought"),
    RequestAction.START: _("Processing started"),
    RequestAction.MARK_READY: _("Ready to be collected"),
    RequestAction.HAND_OVER: _("Handed over to the applicant"),
    RequestAction.CANCEL: _("Cancelled"),
    RequestAction.ESCALATE: _("Escalated: the promised time passed"),
    RequestAction.NOTE: _("Internal note"),
}


def step_label(action: str) -> str:
    """A step code in words; an unknown code (an old row) is shown as it is."""
    try:
        return str(STEP_TEXT[RequestAction(action)])
    except ValueError:
        return action


def public_timeline(request: ServiceRequest) -> list[dict[str, Any]]:
    """Status steps for the tracking page: no officer names, no NIK."""
    entries = []
    for event in ServiceRequestEvent.objects.filter(request=request).order_by("seq"):
        entries.append({"at": event.at, "action": event.action,
                        "status_label": STATUS_LABELS[RequestStatus(event.to_status)],
                        "note": event.note if event.action == "mark_incomplete" else ""})
    return entries
