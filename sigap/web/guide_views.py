"""The first-week guides (/panduan/): public pages, so a new Ketua RT can be sent the link before an account."""

from __future__ import annotations

from datetime import datetime

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

from sigap.core.timefmt import local_tz
from sigap.domain.time_left import TimeLeft, Tone
from sigap.web.guides import guides_for, own_guide_slug
from sigap.web.templatetags.deadlines import TONE_CLASSES, phrase


def _examples() -> list[tuple[str, str]]:
    """The three colours of a deadline, said as the queue says them (a fixed example date: "Senin 7 Des, 16.00")."""
    due = datetime(2026, 12, 7, 16, 0, tzinfo=local_tz())
    shown = (TimeLeft(Tone.OK, 3, due, False), TimeLeft(Tone.DUE_TODAY, 0, due, False),
             TimeLeft(Tone.LATE, 4, due, False))
    return [(TONE_CLASSES[left.tone], phrase(left)) for left in shown]


def guides(request: HttpRequest) -> HttpResponse:
    return render(request, "web/guides.html", {
        "guides": guides_for(request.user), "own": own_guide_slug(request.user)})


def guide(request: HttpRequest, role: str) -> HttpResponse:
    found = next((g for g in guides_for(request.user) if g.slug == role), None)
    if found is None:
        raise Http404("No guide for that role.")
    next_url = request.GET.get("next", "")
    if not (next_url.startswith("/") and url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure())):
        next_url = ""
    return render(request, "web/guide.html", {
        "guide": found, "next_url": next_url, "examples": _examples(),
        "is_own": found.slug == own_guide_slug(request.user)})
