"""Pimpinan pages: thin; figures come from `service`, scope from the access functions."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.core.errors import ActionError, InvalidInput
from sigap.dashboard import monthly, service
from sigap.dashboard.exports import export_response
from sigap.dashboard.rows import late_rows, unit_rows, wilayah_rows


def _error(request: HttpRequest, error: ActionError) -> HttpResponse:
    return render(request, "dashboard/error.html", {"error": error}, status=error.status_code)


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    try:
        scope, unit = service.scope_for(request.user, request.GET.get("unit") or None)
        period = service.period_from(request.GET, now)
        context: dict[str, Any] = service.cached_dashboard(scope, period, now)
        fmt = request.GET.get("format")
        if fmt:
            table = request.GET.get("table", "units")
            if table == "late":
                columns, rows = late_rows(context["late_now"], now)
            elif table in ("kecamatan", "kelurahan"):
                columns, rows = wilayah_rows(context[table])
            else:
                columns, rows = unit_rows(context["units"], context["age_bands"])
            return export_response(rows, columns, f"sigap-{table}-{period.first_day}-{period.last_day}", fmt)
    except ActionError as error:
        return _error(request, error)
    context.update(period=period, unit=unit, query=request.GET.urlencode(),
                   base_query=_without(request, "format", "table"))
    return render(request, "dashboard/dashboard.html", context)


def _without(request: HttpRequest, *names: str) -> str:
    params = request.GET.copy()
    for name in names:
        params.pop(name, None)
    return params.urlencode()


@login_required
def monthly_report(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    try:
        scope, unit = service.scope_for(request.user, request.GET.get("unit") or None)
        month = monthly.parse_month(request.GET.get("month"), now)
        report = monthly.build(scope, month, now)
        if request.GET.get("format") == "xlsx":
            return monthly.xlsx_response(report)
        if request.GET.get("format"):
            raise InvalidInput(_("The monthly report exports to XLSX only."), field="format")
    except ActionError as error:
        return _error(request, error)
    return render(request, "dashboard/monthly.html", {"report": report, "unit": unit,
                                                      "base_query": _without(request, "format")})
