"""Filing a report on the web, and following an existing one instead of filing a duplicate."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.core.errors import ActionError, InvalidInput, NotFound, RateLimited
from sigap.core.ratelimit import client_address, hit_intake
from sigap.reports import actions
from sigap.reports.access import get_public_report
from sigap.reports.actions.intake import MAX_PHOTOS, validate_draft
from sigap.reports.models import Channel, Kind, Materi, Report
from sigap.reports.photos import CleanPhoto, clean_photo
from sigap.services.actions.standards import link_report_to_service
from sigap.services.models import Service
from sigap.web.drafting import duplicate_candidates, normalize_contact_phone, resolve_category, resolve_place
from sigap.web.forms import FIELD_OF_ERROR, ContactForm, ReportForm, chosen_place
from sigap.wilayah.maps import map_start
from sigap.wilayah.models import Wilayah


def _context(form: ReportForm, place: dict[str, str]) -> dict[str, Any]:
    code = (form.data.get("category") if form.is_bound else form.initial.get("category")) or ""
    category = next((c for c in form.categories if c.code == code), None)
    kelurahan = Wilayah.objects.filter(code=place["kelurahan"]).first() if place["kelurahan"] else None
    return {"form": form, "duplicates": duplicate_candidates(category, kelurahan), "category": category,
            "max_photos": MAX_PHOTOS,
            "map_start": map_start([place["kelurahan"], place["kecamatan"], settings.SIGAP_KOTA_CODE])}


def report_form(request: HttpRequest) -> HttpResponse:
    """GET shows the form (and, with values, keeps them: the no-JS step through kecamatan → RT); POST files."""
    if request.method == "POST":
        return _submit(request)
    values = {key: request.GET.get(key, "") for key in request.GET if key not in ("website", "csrfmiddlewaretoken")}
    place = chosen_place(values)
    form = ReportForm(initial={**values, **place}, place=place)
    return render(request, "web/report_form.html", _context(form, place))


def _submit(request: HttpRequest) -> HttpResponse:
    place = chosen_place(request.POST)
    form = ReportForm(request.POST, place=place)
    if form.is_valid():
        try:
            report = _file(request, form)
        except ActionError as error:
            target = FIELD_OF_ERROR.get(error.field or "")
            if target == "photos":
                return _render_invalid(request, form, place, photo_error=error.message)
            form.add_error(target if target in form.fields else None, error.message)
            if isinstance(error, RateLimited):
                return _render_invalid(request, form, place, status=429)
        else:
            return redirect("web:submitted", tracking_id=report.tracking_id, token=report.reporter_token)
    return _render_invalid(request, form, place)


def _render_invalid(request: HttpRequest, form: ReportForm, place: dict[str, str],
                    photo_error: str = "", status: int = 400) -> HttpResponse:
    context = _context(form, place)
    context["photo_error"] = photo_error
    return render(request, "web/report_form.html", context, status=status)


def _clean_photos(request: HttpRequest) -> list[CleanPhoto]:
    files = [f for f in request.FILES.getlist("photos") if f.size]
    if len(files) > MAX_PHOTOS:
        raise InvalidInput(_("At most %(count)d photos.") % {"count": MAX_PHOTOS}, field="photos",
                           code="too_many")
    return [clean_photo(upload, field="photos", size=upload.size) for upload in files]


def _file(request: HttpRequest, form: ReportForm) -> Report:
    data = form.cleaned_data
    place = resolve_place(data["kelurahan"], data.get("rw") or "", data.get("rt") or "")
    draft = actions.ReportDraft(
        kind=data["kind"], category=resolve_category(data["category"]), title=data["title"],
        description=data["description"], event_date=data.get("event_date"), kelurahan=place.kelurahan,
        rw=place.rw, rt=place.rt, address=data.get("address") or "", lat=data.get("lat"), lng=data.get("lng"),
        anonim=data.get("anonim", False), rahasia=data.get("rahasia", False), reporter_name=data.get("name") or "",
        reporter_phone=normalize_contact_phone(data.get("phone") or ""), reporter_email=data.get("email") or "",
        channel=Channel.WEB, materi=(data.get("materi") or "") if data["kind"] == Kind.PENGADUAN else "",
    )
    validate_draft(draft, today=timezone.localdate())
    # Counted before the photos are decoded: a refused client must not cost the city a photo's decoding.
    hit_intake(address=client_address(request), contacts=[draft.reporter_phone, draft.reporter_email])
    photos = _clean_photos(request)
    draft = actions.ReportDraft(**{**draft.__dict__, "photos": tuple(photos)})
    service = Service.objects.filter(code=data.get("layanan") or "", is_active=True).first()
    with transaction.atomic():
        report = actions.submit_report(draft=draft)
        if service is not None and report.materi == Materi.KETIDAKSESUAIAN_STANDAR:
            link_report_to_service(report=report, service=service, by=None)
    return report


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
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            phone = normalize_contact_phone(form.cleaned_data.get("phone") or "")
            email = form.cleaned_data.get("email") or ""
            hit_intake(address=client_address(request), contacts=[phone, email])
            actions.follow_report(report=report, phone=phone, email=email)
        except ActionError as error:
            form.add_error("phone" if (error.field or "").endswith("phone") else None, error.message)
        else:
            return render(request, "web/followed.html", {"report": report})
    return render(request, "web/follow.html", {"report": report, "form": form},
                  status=400 if form.errors else 200)

