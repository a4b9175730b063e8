"""Filing a report on the web, and following an existing one instead of filing a duplicate."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from sigap.core.errors import ActionError, NotFound, RateLimited
from sigap.core.phone import clean_phone
from sigap.core.ratelimit import client_address, hit_intake
from sigap.reports import actions
from sigap.reports.access import get_public_report
from sigap.reports.actions.intake import MAX_PHOTOS
from sigap.reports.drafting import duplicate_candidates, resolve_category, resolve_place
from sigap.reports.idempotency import KeyReused
from sigap.reports.models import Channel, Kind, Materi, Report
from sigap.services.actions.standards import link_report_to_service
from sigap.services.models import Service
from sigap.web import form_token
from sigap.web.forms import FIELD_OF_ERROR, PLACE_FIELDS, ContactForm, ReportForm, chosen_place
from sigap.wilayah.maps import map_start
from sigap.wilayah.models import Wilayah

# What a URL may prefill: choices only, never what a citizen types about themselves or the problem.
GET_PREFILL = ("kind", "materi", "layanan", "category", *PLACE_FIELDS)
NOT_KEPT = ("website", "csrfmiddlewaretoken", "step", form_token.FIELD)


def _context(form: ReportForm, place: dict[str, str], token: str | None = None) -> dict[str, Any]:
    code = (form.data.get("category") if form.is_bound else form.initial.get("category")) or ""
    category = next((c for c in form.categories if c.code == code), None)
    kelurahan = Wilayah.objects.filter(code=place["kelurahan"]).first() if place["kelurahan"] else None
    return {"form": form, "duplicates": duplicate_candidates(category, kelurahan), "category": category,
            "max_photos": MAX_PHOTOS, "form_token": token if form_token.key_of(token) else form_token.issue(),
            "map_start": map_start([place["kelurahan"], place["kecamatan"], settings.SIGAP_KOTA_CODE])}


def report_form(request: HttpRequest) -> HttpResponse:
    """GET shows the form, prefilled only with choices (links from service pages, htmx refreshing the place).

    The no-JS step through kecamatan → RT is a POST with `step=place`: it re-renders the form with what was typed,
    so no personal field (name, phone, title, description, the rahasia flag) ever travels in a URL.
    """
    if request.method == "POST":
        if request.POST.get("step") == "place":
            return _show(request, {key: request.POST.get(key, "") for key in request.POST if key not in NOT_KEPT},
                         token=request.POST.get(form_token.FIELD))
        return _submit(request)
    return _show(request, {key: request.GET.get(key, "") for key in GET_PREFILL if key in request.GET})


def _show(request: HttpRequest, values: dict[str, str], token: str | None = None) -> HttpResponse:
    place = chosen_place(values)
    form = ReportForm(initial={**values, **place}, place=place)
    return render(request, "web/report_form.html", _context(form, place, token))


def _submit(request: HttpRequest) -> HttpResponse:
    place = chosen_place(request.POST)
    form = ReportForm(request.POST, place=place)
    token = request.POST.get(form_token.FIELD)
    key = form_token.key_of(token)
    if form.is_valid() and key is None:
        # An old page (or a script) without a genuine token: keep what was typed, give a token, ask again.
        form.add_error(None, _("This form is out of date. Check what you wrote and press Send report again."))
    elif form.is_valid():
        try:
            filed = _file(request, form, key or "")
        except KeyReused:
            # The same page sent again with other contents (back button, edited): a new report needs a new token.
            form.add_error(None, _("This form was already sent. Check what you wrote and press Send report again "
                                   "to file it as a new report."))
            return _render_invalid(request, form, place, token=None)
        except ActionError as error:
            target = _form_field(error)
            if target == "photos":
                return _render_invalid(request, form, place, token=token, photo_error=error.message)
            form.add_error(target if target in form.fields else None, error.message)
            if isinstance(error, RateLimited):
                return _render_invalid(request, form, place, token=token, status=429)
        else:
            return redirect("web:submitted", tracking_id=filed.report.tracking_id, token=filed.report.reporter_token)
    return _render_invalid(request, form, place, token=token)


def _render_invalid(request: HttpRequest, form: ReportForm, place: dict[str, str], *, token: str | None,
                    photo_error: str = "", status: int = 400) -> HttpResponse:
    # Nothing was filed, so the same token stays valid for the corrected form (an invalid one is replaced).
    context = _context(form, place, token)
    context["photo_error"] = photo_error
    return render(request, "web/report_form.html", context, status=status)


def _form_field(error: ActionError) -> str | None:
    # The photo errors name their photo (photos.0); the form has one photos field for all of them.
    field = error.field or ""
    return "photos" if field.startswith("photos.") else FIELD_OF_ERROR.get(field)


def _file(request: HttpRequest, form: ReportForm, key: str) -> actions.Filed:
    data = form.cleaned_data
    place = resolve_place(data["kelurahan"], data.get("rw") or "", data.get("rt") or "")
    layanan = data.get("layanan") or ""
    draft = actions.ReportDraft(
        kind=data["kind"], category=resolve_category(data["category"]), title=data["title"],
        description=data["description"], event_date=data.get("event_date"), kelurahan=place.kelurahan,
        rw=place.rw, rt=place.rt, address=data.get("address") or "", lat=data.get("lat"), lng=data.get("lng"),
        anonim=data.get("anonim", False), rahasia=data.get("rahasia", False), reporter_name=data.get("name") or "",
        reporter_phone=clean_phone(data.get("phone") or "", field="reporter.phone"),
        reporter_email=data.get("email") or "", channel=Channel.WEB,
        materi=(data.get("materi") or "") if data["kind"] == Kind.PENGADUAN else "",
        # A form without a chosen file still sends an empty part: it is no photo.
        uploads=[upload for upload in request.FILES.getlist("photos") if upload.size],
    )

    def link_service(report: Report) -> None:
        if report.materi != Materi.KETIDAKSESUAIAN_STANDAR:
            return
        service = Service.objects.filter(code=layanan, is_active=True).first()
        if service is not None:
            link_report_to_service(report=report, service=service, by=None)

    # A double-click whose second POST meets the rate limit still lands on the first report's page.
    client = actions.Client(address=client_address(request), scope=Channel.WEB, key=key, status_code=302,
                            received={"layanan": layanan})
    return actions.file_report(draft, client=client, then=link_service)


def submitted(request: HttpRequest, tracking_id: str, token: str) -> HttpResponse:
    try:
        report = get_public_report(tracking_id, reporter_token=token)
    except NotFound as error:
        raise Http404(str(error)) from error
    if report.reporter_token != token:
        raise Http404("Report not found.")
    return render(request, "web/submitted.html", {"report": report, "token": token})


def follow(request: HttpRequest, tracking_id: str) -> HttpResponse:
    """'Ikuti laporan ini': subscribe a contact to an open report instead of filing the same problem again."""
    try:
        report = get_public_report(tracking_id)
    except NotFound as error:
        raise Http404(str(error)) from error
    try:
        actions.check_followable(report)
    except ActionError as error:  # a finished report: say so at once, ask for nothing
        return render(request, "web/follow.html", {"report": report, "refused": error.message},
                      status=400 if request.method == "POST" else 200)
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            phone = clean_phone(form.cleaned_data.get("phone") or "", field="reporter.phone")
            email = form.cleaned_data.get("email") or ""
            hit_intake(address=client_address(request), contacts=[phone, email])
            actions.follow_report(report=report, phone=phone, email=email)
        except ActionError as error:
            form.add_error("phone" if (error.field or "").endswith("phone") else None, error.message)
        else:
            return render(request, "web/followed.html", {"report": report, "phone": bool(phone),
                                                         "email": bool(email)})
    return render(request, "web/follow.html", {"report": report, "form": form},
                  status=400 if form.errors else 200)


def follow_confirm(request: HttpRequest, tracking_id: str, token: str) -> HttpResponse:
    """The link in the confirmation e-mail. Opening it changes nothing (mail scanners open links); the button
    confirms."""
    try:
        report = get_public_report(tracking_id)
    except NotFound as error:
        raise Http404(str(error)) from error
    error_message = ""
    if request.method == "POST":
        try:
            actions.confirm_follow(report=report, token=token)
        except ActionError as error:
            error_message = error.message
        else:
            return render(request, "web/followed.html", {"report": report, "confirmed": True})
    return render(request, "web/follow_confirm.html", {"report": report, "error": error_message},
                  status=400 if error_message else 200)

