"""The officers' work queue (/petugas/) as CSV or XLSX, with the same filters and the same access function."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.core.errors import ActionError, Forbidden
from sigap.dashboard.exports import export_response
from sigap.organization.access import is_staff_member
from sigap.reports.queries import status_label
from sigap.reports.queue import QueueFilters, time_left, work_queue

MAX_ROWS = 50_000


@login_required
def queue_export(request: HttpRequest) -> HttpResponse:
    try:
        if not is_staff_member(request.user):
            raise Forbidden(_("Only staff may export the work queue."))
        filters = QueueFilters.from_mapping(request.GET)
        now = timezone.now()
        columns = [_("Tracking ID"), _("Title"), _("Category"), _("Kelurahan"), _("Unit"), _("Status"),
                   _("Received"), _("Deadline"), _("Time left")]
        rows = []
        for report in work_queue(request.user, filters)[:MAX_ROWS]:
            left = time_left(report, now)
            rows.append([report.tracking_id, report.title, report.category.name,
                         report.kelurahan.name if report.kelurahan else "", str(report.lead_unit or ""),
                         status_label(report.status), report.received_at, report.due_at,
                         left.label if left else ""])
        return export_response(rows, columns, "sigap-antrian", request.GET.get("format", "csv"))
    except ActionError as error:
        return render(request, "dashboard/error.html", {"error": error}, status=error.status_code)
