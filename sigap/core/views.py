from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.utils import timezone

from sigap.core import readiness


def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


def readyz(request: HttpRequest) -> JsonResponse:
    """200 while the database answers (503 if not); the body says what each dependency is doing."""
    ready, body = readiness.report(timezone.now())
    response = JsonResponse(body, status=200 if ready else 503)
    response["Cache-Control"] = "no-store"
    return response
