"""Citizen pages. Thin: read through access functions, write through actions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sigap.core import links
from sigap.core.errors import ActionError, NotFound
from sigap.domain.tracking import normalize_tracking_id
from sigap.reports import actions
from sigap.reports.access import get_public_report
from sigap.reports.drafting import JOINABLE_STATUSES
from sigap.reports.models import Report
from sigap.reports.photos import clean_photo
from sigap.reports.queries import (
    TimelineEntry,
    public_address,
    public_timeline,
    reporter_timeline,
    status_label,
    support_count,
)
from sigap.services.conf import tracking_prefix as service_tracking_prefix
from sigap.surveys.actions import report_survey_url
from sigap.web.forms import MessageForm, RatingForm
from sigap.web.intake_views import follow, follow_confirm, report_form, submitted
from sigap.web.support_views import support, support_confirm

__all__ = ["follow", "follow_confirm", "home", "photo", "report_form", "reporter", "reporter_action", "submitted",
           "support", "support_confirm", "track"]


def home(request: HttpRequest) -> HttpResponse:
    """The front page and its one search box, which takes a report's ID or a counter service's LYN- number.

    A well-formed ID that matches nothing stays here with the box still filled, so a typo is fixed in place rather
    than on a bare "not found" page.
    """
    query = request.GET.get("id", "").strip()[:40]
    canonical = normalize_tracking_id(query) if query else None
    if canonical and canonical.startswith(f"{service_tracking_prefix()}-"):
        return redirect("services:track", tracking_id=canonical)
    if canonical:
        try:
            get_public_report(canonical)
        except NotFound:
            pass
        else:
            return redirect("web:track", tracking_id=canonical)
    return render(request, "web/home.html", {
        "query": query, "bad_query": bool(query) and not canonical, "not_found": bool(canonical),
        "whatsapp_number": links.display_number(), "whatsapp_link": links.chat_link()})


def _public(tracking_id: str, token: str | None = None) -> Report:
    try:
        report = get_public_report(tracking_id, reporter_token=token)
    except NotFound as error:
        raise Http404(str(error)) from error
    if token is not None and report.reporter_token != token:
        raise Http404("Report not found.")
    return report


def _page(report: Report, timeline: list[TimelineEntry], address: str, **extra: Any) -> dict[str, Any]:
    return {"report": report, "timeline": timeline, "status_label": status_label(report.status),
            "address": address, "photos": list(report.photos.all()), **extra}


def track(request: HttpRequest, tracking_id: str) -> HttpResponse:
    try:
        report = get_public_report(tracking_id)
    except NotFound:
        # A mistyped ID is the common case: say so and offer the search again (a tracking ID is not personal).
        query = tracking_id[:20] if tracking_id.isprintable() else ""
        return render(request, "web/track_missing.html", {"query": query}, status=404)
    return render(request, "web/track.html", _page(
        report, public_timeline(report), public_address(anonim=report.anonim, address=report.address),
        support_count=support_count(report), supportable=report.status in JOINABLE_STATUSES))


def reporter(request: HttpRequest, tracking_id: str, token: str) -> HttpResponse:
    """The reporter's own page: also what passed between the office and them, never an officers-only note."""
    report = _public(tracking_id, token)
    survey_url = report_survey_url(report) if report.status == "closed" else ""
    timeline = reporter_timeline(report)
    asked = next((entry.note for entry in reversed(timeline) if entry.action == "request_info"), "")
    return render(request, "web/track.html", _page(
        report, timeline, report.address, is_reporter=True, token=token, asked=asked, info_form=MessageForm(),
        dispute_form=MessageForm(), rating_form=RatingForm(), survey_url=survey_url))


@require_POST
def reporter_action(request: HttpRequest, tracking_id: str, token: str, action: str) -> HttpResponse:
    """The reporter's link: add information, confirm or dispute the fix, rate it."""
    report = _public(tracking_id, token)
    try:
        _run_reporter_action(request, report, token, action)
    except ActionError as error:
        messages.error(request, error.message)
    return redirect("web:reporter", tracking_id=report.tracking_id, token=token)


def _run_reporter_action(request: HttpRequest, report: Report, token: str, action: str) -> None:
    if action == "confirm":
        actions.confirm_resolution(report=report, token=token)
        messages.success(request, _("Thank you. The report is closed."))
    elif action in ("add_info", "dispute"):
        form = MessageForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Write a message (at most 4000 characters)."))
            return
        if action == "dispute":
            actions.dispute_resolution(report=report, token=token, message=form.cleaned_data["message"])
            messages.success(request, _("Your objection was sent; the unit must work on it again."))
        else:
            files = [f for f in request.FILES.getlist("photos") if f.size][:3]
            photos = [clean_photo(f, field="photos", size=f.size) for f in files]
            actions.add_info(report=report, token=token, message=form.cleaned_data["message"], photos=photos)
            messages.success(request, _("Thank you. Your information was added."))
    elif action == "rate":
        rating = RatingForm(request.POST)
        if not rating.is_valid():
            messages.error(request, _("Give a rating from 1 to 5."))
            return
        actions.rate_report(report=report, token=token, rating=rating.cleaned_data["rating"],
                            comment=rating.cleaned_data.get("comment") or "")
        messages.success(request, _("Thank you for your rating."))
    else:
        raise Http404("Unknown action.")


def photo(request: HttpRequest, tracking_id: str, photo_id: int, token: str | None = None) -> FileResponse:
    """Photos go through the same access check as the page: a rahasia report's photos need the reporter's link."""
    report = _public(tracking_id, token)
    item = report.photos.filter(pk=photo_id).first()
    if item is None:
        raise Http404("Photo not found.")
    response = FileResponse(item.image.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600" if report.rahasia else "public, max-age=86400"
    return response
