"""Public transparency pages: published figures and anonymised recent reports; no personal data, no notes."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from sigap.core.errors import ActionError
from sigap.dashboard import service
from sigap.dashboard.queries import Scope
from sigap.organization.models import Unit
from sigap.reports.access import public_reports
from sigap.reports.queries import public_point, status_label

RECENT = 30


@dataclass(frozen=True)
class PublicItem:
    """What the public sees of a report: never the reporter, never an anonim report's exact point."""

    tracking_id: str
    title: str
    category: str
    kelurahan: str
    unit: str
    status: str
    received_at: object
    lat: Decimal | None
    lng: Decimal | None


def recent_items(scope: Scope, limit: int = RECENT) -> list[PublicItem]:
    reports = public_reports().select_related("category", "kelurahan", "lead_unit").order_by("-received_at")
    if scope.unit_ids is not None:
        reports = reports.filter(lead_unit_id__in=scope.unit_ids)
    items = []
    for report in reports.only("tracking_id", "title", "category__name", "kelurahan__name", "lead_unit__name",
                               "lead_unit__short_name", "status", "received_at", "lat", "lng", "anonim")[:limit]:
        lat, lng = public_point(anonim=report.anonim, lat=report.lat, lng=report.lng)
        items.append(PublicItem(
            tracking_id=report.tracking_id, title=report.title, category=report.category.name,
            kelurahan=report.kelurahan.name if report.kelurahan else "",
            unit=str(report.lead_unit) if report.lead_unit else "", status=status_label(report.status),
            received_at=report.received_at, lat=lat, lng=lng,
        ))
    return items


def _page(request: HttpRequest, unit_code: str | None) -> HttpResponse:
    now = timezone.now()
    try:
        scope, unit = service.public_scope(unit_code)
        period = service.period_from(request.GET, now)
        context = service.cached_dashboard(scope, period, now)
    except ActionError as error:
        return render(request, "dashboard/error.html", {"error": error}, status=error.status_code)
    context.pop("late_now")  # internal: the public sees figures and the recent list, not the chase list
    context.update(period=period, unit=unit, recent=recent_items(scope),
                   top_units=Unit.objects.filter(kind__in=("opd", "bumd", "kecamatan")).order_by("name"))
    return render(request, "dashboard/public.html", context)


def city(request: HttpRequest) -> HttpResponse:
    return _page(request, None)


def unit(request: HttpRequest, code: str) -> HttpResponse:
    return _page(request, code)
