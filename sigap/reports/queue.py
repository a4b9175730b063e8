"""The work queue: what a person should act on, built only from the access functions, sorted by deadline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.expressions import OrderBy
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from sigap.calendar.service import get_calendar
from sigap.domain.lifecycle import OPEN_STATUSES, Status
from sigap.organization.access import is_complaint_admin, is_superuser, sees_whole_city, unit_paths
from sigap.organization.models import Unit
from sigap.reports.access import reports_visible_to
from sigap.reports.models import Report, ReportFollower

ADMIN_QUEUE = (Status.RECEIVED, Status.PENDING_INFO)
HANDLER_QUEUE = (Status.DISPATCHED, Status.IN_PROGRESS)


@dataclass(frozen=True)
class QueueFilters:
    status: str = ""
    category: str = ""
    wilayah: str = ""
    unit: str = ""
    sort: str = ""  # "" (deadline first) or "support" (most confirmed supporters first, then deadline)

    @classmethod
    def from_mapping(cls, data: Any) -> QueueFilters:
        def clean(name: str) -> str:
            return str(data.get(name, "") or "").strip()[:60]

        status = clean("status")
        return cls(status=status if status in {s.value for s in Status} else "", category=clean("category"),
                   wilayah=clean("wilayah"), unit=clean("unit"), sort="support" if clean("sort") == "support" else "")


def default_statuses(user: Any) -> tuple[Status, ...]:
    """What needs this person: triage for the complaint desk, handling for units, everything open for the top."""
    if is_superuser(user):
        return tuple(OPEN_STATUSES)
    if is_complaint_admin(user):
        return ADMIN_QUEUE
    if sees_whole_city(user):
        return tuple(OPEN_STATUSES)
    return HANDLER_QUEUE


def _filtered(user: Any, filters: QueueFilters) -> QuerySet[Report]:
    reports = reports_visible_to(user)
    if filters.category:
        reports = reports.filter(category__code=filters.category)
    if filters.wilayah:
        reports = reports.filter(Q(kelurahan__code=filters.wilayah) | Q(rw__code=filters.wilayah)
                                 | Q(rt__code=filters.wilayah) | Q(kelurahan__parent__code=filters.wilayah))
    if filters.unit:
        unit = Unit.objects.filter(code=filters.unit).first()
        reports = reports.filter(lead_unit__path__startswith=unit.path) if unit else reports.none()
    return reports


def work_queue(user: Any, filters: QueueFilters) -> QuerySet[Report]:
    reports = _filtered(user, filters)
    if filters.status:
        reports = reports.filter(status=filters.status)
    else:
        # What needs me: my role's statuses, plus anything open that the ladder escalated to my units.
        escalated_to_me = Q(pk__in=[])
        for path in unit_paths(user):
            escalated_to_me |= Q(escalated_to__path__startswith=path)
        reports = reports.filter(Q(status__in=default_statuses(user)) | (Q(status__in=OPEN_STATUSES) & escalated_to_me))
    order: tuple[OrderBy | str, ...] = (F("due_at").asc(nulls_last=True), "received_at", "pk")
    if filters.sort == "support":  # a count only: who supports never reaches the queue (docs/adr/0016-support.md)
        supporters = ReportFollower.objects.filter(report=OuterRef("pk"), supported_at__isnull=False,
                                                   confirmed_at__isnull=False).values("report").annotate(n=Count("pk"))
        reports = reports.annotate(support_count=Coalesce(Subquery(supporters.values("n")), 0))
        order = (F("support_count").desc(), *order)
    return reports.select_related("category", "lead_unit", "kelurahan", "escalated_to").order_by(*order)


def status_counts(user: Any, filters: QueueFilters) -> dict[str, int]:
    """Counts per status for the person's reports (ignoring the status filter), shown at the top of the queue."""
    rows = _filtered(user, filters).values("status").annotate(n=Count("pk"))
    counts = {str(row["status"]): int(row["n"]) for row in rows}
    return {status.value: counts.get(status.value, 0) for status in Status}


@dataclass(frozen=True)
class TimeLeft:
    minutes: int
    overdue: bool
    label: str


def _duration(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return _("%(hours)d h %(minutes)d min") % {"hours": hours, "minutes": rest}
    if hours:
        return _("%(hours)d h") % {"hours": hours}
    return _("%(minutes)d min") % {"minutes": rest}


def time_left(report: Report, now: datetime) -> TimeLeft | None:
    """Working time until the current deadline, or how far past it; None when no clock runs."""
    if report.due_at is None or report.status not in OPEN_STATUSES:
        return None
    calendar = get_calendar()
    if report.due_at > now:
        minutes = calendar.working_minutes_between(now, report.due_at)
        return TimeLeft(minutes, False, _("%(time)s of working time left") % {"time": _duration(minutes)})
    minutes = calendar.working_minutes_between(report.due_at, now)
    return TimeLeft(-minutes, True, _("OVERDUE by %(time)s of working time") % {"time": _duration(minutes)})
