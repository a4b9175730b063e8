"""The work queue: what a person should act on, built only from the access functions; searched, filtered by deadline
and sorted by the tables below (SORTS, TABS)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, time, timedelta
from typing import Any

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sigap.calendar.service import get_calendar
from sigap.domain.lifecycle import OPEN_STATUSES, Status
from sigap.domain.sla import CITY_STAGES, STAGE_OF_STATUS
from sigap.domain.tracking import normalize_tracking_id
from sigap.organization.access import is_complaint_admin, is_superuser, sees_whole_city, unit_paths
from sigap.organization.models import Unit
from sigap.reports.access import reports_visible_to
from sigap.reports.models import Report, ReportFollower

ADMIN_QUEUE = (Status.RECEIVED, Status.PENDING_INFO)
HANDLER_QUEUE = (Status.DISPATCHED, Status.IN_PROGRESS)


SORT_NEWEST = "newest"
SORT_SUPPORT = "support"
# How the queue may be sorted; "" is by deadline. Each entry is the ORDER BY, ending on a unique key so pages are
# stable, and its label in the order menu. Add a sort here and nowhere else: the form and the API read these.
_BY_DEADLINE = (F("due_at").asc(nulls_last=True), "received_at", "pk")
SORTS: dict[str, tuple[Any, ...]] = {
    "": _BY_DEADLINE,
    SORT_NEWEST: ("-received_at", "-pk"),  # "Baru masuk": what came in last, first
    SORT_SUPPORT: (F("support_count").desc(), *_BY_DEADLINE),  # most confirmed supporters first (ADR 0016)
}
SORT_LABELS: dict[str, Any] = {
    "": gettext_lazy("Nearest deadline first"),
    SORT_NEWEST: gettext_lazy("Newest first"),
    SORT_SUPPORT: gettext_lazy("Most supported first"),
}

# The time windows of the queue's deadline filter (docs/domain.md, "Late").
DUE_LATE = "late"
DUE_TODAY = "today"
DUE_FILTERS = frozenset({DUE_LATE, DUE_TODAY})
# Statuses whose deadline is the city's; only they can be late or due today (pending_info waits on the reporter,
# resolved on the reporter's confirmation).
CITY_CLOCK_STATUSES = tuple(status for status, stage in STAGE_OF_STATUS.items() if stage in CITY_STAGES)

QUERY_MAX = 100
QUERY_WORDS_MAX = 6


@dataclass(frozen=True)
class QueueFilters:
    status: str = ""
    category: str = ""
    wilayah: str = ""
    unit: str = ""
    q: str = ""  # a tracking ID or words of the title and description
    due: str = ""  # one of DUE_FILTERS
    sort: str = ""  # a key of SORTS

    @classmethod
    def from_mapping(cls, data: Any) -> QueueFilters:
        def clean(name: str, limit: int = 60) -> str:
            return str(data.get(name, "") or "").strip()[:limit]

        status, due, sort = clean("status"), clean("due"), clean("sort")
        return cls(status=status if status in {s.value for s in Status} else "", category=clean("category"),
                   wilayah=clean("wilayah"), unit=clean("unit"), q=" ".join(clean("q", QUERY_MAX).split()),
                   due=due if due in DUE_FILTERS else "", sort=sort if sort in SORTS else "")

    @property
    def narrowed(self) -> bool:
        """True when the person asked for something beyond the default view (the filter panel stays open)."""
        return bool(self.status or self.category or self.wilayah or self.unit or self.due or self.sort)


def default_statuses(user: Any) -> tuple[Status, ...]:
    """What needs this person: triage for the complaint desk, handling for units, everything open for the top."""
    if is_superuser(user):
        return tuple(OPEN_STATUSES)
    if is_complaint_admin(user):
        return ADMIN_QUEUE
    if sees_whole_city(user):
        return tuple(OPEN_STATUSES)
    return HANDLER_QUEUE


def search_condition(query: str) -> Q:
    """A tracking ID finds its report; otherwise every word must appear in the title or the description.
    `icontains` escapes LIKE's % and _ on SQLite and PostgreSQL alike, so a typed % is a percent sign."""
    tracking_id = normalize_tracking_id(query)
    if tracking_id is not None:
        return Q(tracking_id=tracking_id)
    condition = Q()
    for word in query.split()[:QUERY_WORDS_MAX]:
        condition &= Q(title__icontains=word) | Q(description__icontains=word)
    return condition


def due_condition(due: str, now: datetime) -> Q:
    """Late: past the deadline of the city's stage in force (the ladder's and the dashboard's meaning). Due today:
    not late yet, and the deadline falls before the end of today in the city's zone."""
    clocked = Q(status__in=CITY_CLOCK_STATUSES, due_at__isnull=False)
    if due == DUE_LATE:
        return clocked & Q(due_at__lt=now)
    tz = get_calendar().tz
    end_of_today = datetime.combine(now.astimezone(tz).date() + timedelta(days=1), time.min, tzinfo=tz)
    return clocked & Q(due_at__gte=now, due_at__lt=end_of_today)


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
    if filters.q:
        reports = reports.filter(search_condition(filters.q))
    return reports


def _needs_me(user: Any) -> Q:
    """My role's statuses, plus anything open that the ladder escalated to my units."""
    escalated_to_me = Q(pk__in=[])
    for path in unit_paths(user):
        escalated_to_me |= Q(escalated_to__path__startswith=path)
    return Q(status__in=default_statuses(user)) | (Q(status__in=OPEN_STATUSES) & escalated_to_me)


def work_queue(user: Any, filters: QueueFilters, *, now: datetime | None = None) -> QuerySet[Report]:
    """The person's queue. A chosen status shows that status; a search looks through every report the person may
    open, and a deadline filter through every open one, since a late report or a typed ID is wanted wherever it
    stands; otherwise, what needs this person."""
    reports = _filtered(user, filters)
    if filters.status:
        reports = reports.filter(status=filters.status)
    elif filters.due:
        reports = reports.filter(status__in=OPEN_STATUSES)
    elif not filters.q:
        reports = reports.filter(_needs_me(user))
    if filters.due:
        reports = reports.filter(due_condition(filters.due, now or timezone.now()))
    if filters.sort == SORT_SUPPORT:  # a count only: who supports never reaches the queue (docs/adr/0016-support.md)
        supporters = ReportFollower.objects.filter(report=OuterRef("pk"), supported_at__isnull=False,
                                                   confirmed_at__isnull=False).values("report").annotate(n=Count("pk"))
        reports = reports.annotate(support_count=Coalesce(Subquery(supporters.values("n")), 0))
    return reports.select_related("category", "lead_unit", "kelurahan", "escalated_to").order_by(*SORTS[filters.sort])


def status_counts(user: Any, filters: QueueFilters) -> dict[str, int]:
    """Counts per status for the person's reports (ignoring the status filter), shown at the top of the queue."""
    rows = _filtered(user, filters).values("status").annotate(n=Count("pk"))
    counts = {str(row["status"]): int(row["n"]) for row in rows}
    return {status.value: counts.get(status.value, 0) for status in Status}


# The queue's tabs, each a view over the same category, place, unit and search: what needs me (or, with a search,
# every match), newly received (the complaint desk's "Baru masuk"), late, due today.
TABS: dict[str, dict[str, str]] = {
    "main": {},
    "new": {"status": Status.RECEIVED.value, "sort": SORT_NEWEST},
    "late": {"due": DUE_LATE},
    "today": {"due": DUE_TODAY},
}


def tab_filters(filters: QueueFilters, tab: str) -> QueueFilters:
    return replace(filters, **{"status": "", "due": "", "sort": "", **TABS[tab]})


def current_tab(filters: QueueFilters) -> str | None:
    """The tab the filters are, or None when they are another view (a status chosen by hand)."""
    return next((tab for tab in TABS if tab_filters(filters, tab) == filters), None)


def tab_counts(user: Any, filters: QueueFilters, *, now: datetime) -> dict[str, int]:
    """The number on each tab: the length of exactly the list that tab shows."""
    return {tab: work_queue(user, tab_filters(filters, tab), now=now).count() for tab in TABS}


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
