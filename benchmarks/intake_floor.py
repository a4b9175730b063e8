"""URLs for the intake benchmark: the real app plus a bare insert view as the floor (benchmarks/intake.py)."""

from __future__ import annotations

import json
import secrets

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import include, path
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt


@csrf_exempt
def floor(request: HttpRequest) -> HttpResponse:
    """Parse the same JSON and insert one equivalent Report row: no validation, no event, no outbox."""
    from sigap.reports.models import Category, Report

    body = json.loads(request.body)
    now = timezone.now()
    report = Report.objects.create(
        tracking_id="F-" + secrets.token_hex(6), kind=body["kind"],
        category=Category.objects.only("pk").get(code=body["category"]), title=body["title"],
        description=body["description"], reporter_phone=body["reporter"].get("phone", ""),
        reporter_token=secrets.token_urlsafe(24), received_at=now, updated_at=now,
    )
    return JsonResponse({"tracking_id": report.tracking_id}, status=201)


urlpatterns = [path("floor/reports", floor), path("", include("config.urls"))]
