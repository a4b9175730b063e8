"""Dashboard tables as plain rows: the same columns on screen, in CSV and in XLSX."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _

from sigap.dashboard.models import ReportFact
from sigap.dashboard.queries import Figures
from sigap.reports.queries import status_label


def hours(minutes: int | None) -> float | None:
    return None if minutes is None else round(minutes / 60, 1)


def unit_rows(units: Sequence[Figures], bands: Sequence[str]) -> tuple[list[str], list[list[Any]]]:
    columns = [_("Unit"), _("Received"), _("On time %"), _("On time"), _("Late"), _("Overdue now"),
               _("Escalations"), _("First response median (working hours)"),
               _("First response p90 (working hours)"), _("Resolution median (working hours)"),
               _("Resolution p90 (working hours)"), *[_("Open, %(band)s days old") % {"band": b} for b in bands]]
    rows = [[f.label, f.received, f.on_time_pct, f.on_time, f.late, f.overdue_now, f.escalations,
             hours(f.response_p50), hours(f.response_p90), hours(f.resolution_p50), hours(f.resolution_p90),
             *[f.backlog.get(b, 0) for b in bands]] for f in units]
    return columns, rows


def wilayah_rows(items: Sequence[Figures]) -> tuple[list[str], list[list[Any]]]:
    columns = [_("Wilayah"), _("Received"), _("On time %"), _("Overdue now"), _("Top categories")]
    rows = [[f.label, f.received, f.on_time_pct, f.overdue_now,
             "; ".join(f"{name} ({count})" for name, count in f.top_categories)] for f in items]
    return columns, rows


def late_rows(facts: Sequence[ReportFact], now: datetime) -> tuple[list[str], list[list[Any]]]:
    columns = [_("Tracking ID"), _("Title"), _("Unit"), _("Status"), _("Deadline"), _("Days late")]
    rows = [[f.report.tracking_id, f.report.title, str(f.unit) if f.unit else "", status_label(f.status), f.deadline_at,
             days_late(f, now)] for f in facts]
    return columns, rows


def days_late(fact: ReportFact, now: datetime) -> float:
    assert fact.deadline_at is not None
    return round((now - fact.deadline_at).total_seconds() / 86400, 1)
