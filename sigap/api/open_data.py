"""Open data: one row per non-rahasia report, without personal data, under CC BY 4.0.

Rows come from the dashboard facts (the same figures the public pages show) joined to the report's tracking ID;
names, contacts, points, descriptions, notes and photos are never selected.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, datetime, time
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Router

from sigap.core.errors import InvalidInput
from sigap.core.timefmt import iso_local, local_tz
from sigap.dashboard.aggregates import catch_up
from sigap.dashboard.exports import csv_bytes
from sigap.dashboard.models import ReportFact
from sigap.domain.lifecycle import PAUSED_STATUS

router = Router(tags=["open data"])

LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
MAX_ROWS = 100_000
COLUMNS = ("tracking_id", "kind", "category", "kelurahan", "kelurahan_code", "unit", "unit_code", "status",
           "received_at", "responded_at", "resolved_at", "deadline_at", "on_time", "late_now")


def _day(value: str | None, field: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(_("Enter a date as YYYY-MM-DD."), field=field) from None


def _rows(request: HttpRequest, now: datetime) -> Iterator[dict[str, Any]]:
    params = request.GET
    catch_up(max_events=5_000)
    facts = ReportFact.objects.filter(rahasia=False)
    first, last = _day(params.get("from"), "from"), _day(params.get("to"), "to")
    if first:
        facts = facts.filter(received_at__gte=datetime.combine(first, time.min, local_tz()))
    if last:
        facts = facts.filter(received_at__lt=datetime.combine(last, time.max, local_tz()))
    if params.get("category"):
        facts = facts.filter(category__code=params["category"])
    if params.get("unit"):
        facts = facts.filter(unit__code=params["unit"])
    if params.get("kelurahan"):
        facts = facts.filter(kelurahan__code=params["kelurahan"])
    try:
        limit = min(int(params.get("limit", MAX_ROWS)), MAX_ROWS)
    except ValueError:
        raise InvalidInput(_("The limit must be a whole number."), field="limit") from None
    values = facts.order_by("received_at", "report_id").values_list(
        "report__tracking_id", "kind", "category__name", "kelurahan__name", "kelurahan__code", "unit__name",
        "unit__code", "status", "received_at", "first_response_at", "resolved_at", "deadline_at", "on_time",
        "finished_at",
    )[:max(0, limit)]
    for (tracking_id, kind, category, kelurahan, kelurahan_code, unit, unit_code, status, received, responded,
         resolved, deadline, on_time, finished) in values.iterator(chunk_size=5_000):
        late_now = finished is None and status != PAUSED_STATUS and deadline is not None and deadline < now
        yield {"tracking_id": tracking_id, "kind": kind, "category": category, "kelurahan": kelurahan,
               "kelurahan_code": kelurahan_code, "unit": unit, "unit_code": unit_code, "status": status,
               "received_at": iso_local(received), "responded_at": iso_local(responded),
               "resolved_at": iso_local(resolved), "deadline_at": iso_local(deadline), "on_time": on_time,
               "late_now": late_now}


@router.get("/open-data/reports.json", summary="Open data: reports (JSON, CC BY 4.0)")
def reports_json(request: HttpRequest) -> HttpResponse:
    from django.utils import timezone

    rows = list(_rows(request, timezone.now()))
    body = {"licence": LICENCE, "licence_url": LICENCE_URL, "count": len(rows), "columns": COLUMNS,
            "reports": rows}
    response = HttpResponse(json.dumps(body, ensure_ascii=False), content_type="application/json")
    response["Link"] = f'<{LICENCE_URL}>; rel="license"'
    return response


@router.get("/open-data/reports.csv", summary="Open data: reports (CSV, CC BY 4.0)")
def reports_csv(request: HttpRequest) -> HttpResponse:
    from django.utils import timezone

    rows = ([row[column] for column in COLUMNS] for row in _rows(request, timezone.now()))
    response = HttpResponse(csv_bytes(rows, COLUMNS), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="sigap-open-data-reports.csv"'
    response["Link"] = f'<{LICENCE_URL}>; rel="license"'
    response["X-Licence"] = LICENCE
    return response
