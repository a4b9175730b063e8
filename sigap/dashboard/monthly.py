"""The monthly complaint-management report (the "pelaporan" stage of Perpres 76/2013), as data, HTML and XLSX."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from django.db.models import Avg, Count, Q, Sum
from django.http import HttpResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from sigap.core.errors import InvalidInput
from sigap.core.timefmt import local_tz
from sigap.dashboard.aggregates import catch_up
from sigap.dashboard.exports import XLSX_TYPE, xlsx_bytes
from sigap.dashboard.models import ReportFact
from sigap.dashboard.queries import Scope, late_now_q
from sigap.domain.lifecycle import PAUSED_STATUS
from sigap.organization.models import Unit
from sigap.reports.models import Category, Kind
from sigap.wilayah.models import Wilayah


@dataclass
class MonthlyReport:
    month: date
    now: datetime
    total: int = 0
    on_time: int = 0
    late: int = 0
    overdue_now: int = 0
    escalations: int = 0
    finished: int = 0
    by_kind: list[tuple[str, int]] = field(default_factory=list)
    by_category: list[tuple[str, int]] = field(default_factory=list)
    by_unit: list[tuple[str, int, int, int]] = field(default_factory=list)
    by_kecamatan: list[tuple[str, int]] = field(default_factory=list)
    ratings: list[tuple[int, int]] = field(default_factory=list)
    rating_mean: float | None = None
    oldest_open: list[ReportFact] = field(default_factory=list)

    @property
    def on_time_pct(self) -> float | None:
        judged = self.on_time + self.late
        return round(100.0 * self.on_time / judged, 1) if judged else None


def parse_month(value: str | None, now: datetime) -> date:
    if not value:
        today = timezone.localtime(now, local_tz()).date()
        return date(today.year, today.month, 1)
    try:
        year, month = (int(part) for part in value.strip().split("-"))
        return date(year, month, 1)
    except ValueError:
        raise InvalidInput(_("Enter a month as YYYY-MM."), field="month") from None


def _bounds(month: date) -> tuple[datetime, datetime]:
    following = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    return datetime.combine(month, time.min, local_tz()), datetime.combine(following, time.min, local_tz())


def build(scope: Scope, month: date, now: datetime) -> MonthlyReport:
    catch_up(max_events=5_000)
    start, end = _bounds(month)
    facts = scope.facts().filter(received_at__gte=start, received_at__lt=end)
    report = MonthlyReport(month=month, now=now)
    totals = facts.aggregate(n_total=Count("pk"), n_on_time=Count("pk", filter=Q(on_time=True)),
                             n_late=Count("pk", filter=Q(on_time=False) | late_now_q(now)),
                             n_overdue=Count("pk", filter=late_now_q(now)), n_escalations=Sum("escalations"),
                             n_finished=Count("pk", filter=Q(finished_at__isnull=False)), mean_rating=Avg("rating"))
    report.total, report.on_time, report.late = totals["n_total"], totals["n_on_time"], totals["n_late"]
    report.overdue_now, report.escalations = totals["n_overdue"], totals["n_escalations"] or 0
    report.finished = totals["n_finished"]
    rating = totals["mean_rating"]
    report.rating_mean = round(rating, 2) if rating is not None else None
    kinds = dict(Kind.choices)
    report.by_kind = [(str(kinds.get(k, k)), n) for k, n in _count(facts, "kind")]
    categories = dict(Category.objects.values_list("pk", "name"))
    report.by_category = [(categories.get(k, "?"), n) for k, n in _count(facts, "category_id")]
    units = {u.pk: str(u) for u in Unit.objects.all()}
    unit_rows = (facts.values_list("unit_id").annotate(n=Count("pk"), ok=Count("pk", filter=Q(on_time=True)),
                                                        esc=Sum("escalations")).order_by("-n", "unit_id"))
    report.by_unit = [(units.get(k, _("Not yet assigned")) if k else _("Not yet assigned"), n, ok, esc or 0)
                      for k, n, ok, esc in unit_rows]
    wilayah = {w.pk: w.display_name for w in Wilayah.objects.filter(level="kecamatan")}
    report.by_kecamatan = [(wilayah.get(k, _("No kelurahan given")) if k else _("No kelurahan given"), n)
                           for k, n in _count(facts, "kecamatan_id")]
    report.ratings = [(int(k), n) for k, n in _count(facts.filter(rating__isnull=False), "rating")]
    report.ratings.sort()
    report.oldest_open = list(scope.facts().filter(finished_at__isnull=True, received_at__lt=end)
                              .exclude(status=PAUSED_STATUS).select_related("report", "unit")
                              .order_by("received_at")[:10])
    return report


def _count(facts: Any, column: str) -> list[tuple[Any, int]]:
    return list(facts.values_list(column).annotate(n=Count("pk")).order_by("-n", column))


def xlsx_response(report: MonthlyReport) -> HttpResponse:
    summary = [
        (_("Month"), date_format(report.month, "F Y")), (_("Reports received"), report.total),
        (_("Finished"), report.finished), (_("On time"), report.on_time), (_("Late"), report.late),
        (_("On time %"), report.on_time_pct), (_("Overdue now"), report.overdue_now),
        (_("Escalations"), report.escalations), (_("Mean satisfaction rating"), report.rating_mean),
    ]
    sheets: list[tuple[str, list[str], Any]] = [
        (_("Summary"), [_("Figure"), _("Value")], summary),
        (_("By kind"), [_("Kind"), _("Reports")], report.by_kind),
        (_("By category"), [_("Category"), _("Reports")], report.by_category),
        (_("By unit"), [_("Unit"), _("Reports"), _("On time"), _("Escalations")], report.by_unit),
        (_("By kecamatan"), [_("Kecamatan"), _("Reports")], report.by_kecamatan),
        (_("Ratings"), [_("Rating"), _("Reports")], report.ratings),
        (_("Oldest open"), [_("Tracking ID"), _("Title"), _("Unit"), _("Received")],
         [(f.report.tracking_id, f.report.title, str(f.unit or ""), f.received_at) for f in report.oldest_open]),
    ]
    response = HttpResponse(xlsx_bytes(sheets), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="sigap-laporan-{report.month:%Y-%m}.xlsx"'
    return response
