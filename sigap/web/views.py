"""Citizen pages. Thin: read through access functions, write through actions."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from sigap.core.errors import NotFound
from sigap.domain.tracking import normalize_tracking_id
from sigap.reports.access import get_public_report
from sigap.reports.queries import public_timeline


def home(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("id", "").strip()
    if query:
        canonical = normalize_tracking_id(query)
        if canonical:
            return redirect("web:track", tracking_id=canonical)
    return render(request, "web/home.html", {"query": query, "bad_query": bool(query)})


def track(request: HttpRequest, tracking_id: str) -> HttpResponse:
    try:
        report = get_public_report(tracking_id)
    except NotFound as error:
        raise Http404(str(error)) from error
    return render(request, "web/track.html", {"report": report, "timeline": public_timeline(report)})


def reporter(request: HttpRequest, tracking_id: str, token: str) -> HttpResponse:
    try:
        report = get_public_report(tracking_id, reporter_token=token)
    except NotFound as error:
        raise Http404(str(error)) from error
    if report.reporter_token != token:
        raise Http404("Report not found.")
    return render(request, "web/track.html",
                  {"report": report, "timeline": public_timeline(report), "is_reporter": True})
