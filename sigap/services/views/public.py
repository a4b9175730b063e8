"""Citizen pages: the catalogue, a service's public standard, the online request form, tracking."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.core.errors import ActionError, NotFound
from sigap.domain.service_requests import parse_completion
from sigap.domain.tracking import normalize_tracking_id
from sigap.services import actions
from sigap.services.access import get_public_request, get_public_service, public_services
from sigap.services.forms import OnlineForm
from sigap.services.models import STANDARD_COMPONENTS, Channel, Service
from sigap.services.queries import complaints_per_period, public_timeline


def catalogue(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("id", "").strip()
    if query:
        canonical = normalize_tracking_id(query)
        if canonical:
            return redirect("services:track", tracking_id=canonical)
    return render(request, "services/catalogue.html",
                  {"services": public_services(), "bad_query": bool(query), "query": query})


def _completion_text(service: Service) -> tuple[bool, int]:
    try:
        completion = parse_completion(service.completion)
    except ValueError:
        return False, 0
    return completion.same_day, completion.working_days


def service_page(request: HttpRequest, code: str) -> HttpResponse:
    try:
        service = get_public_service(code)
    except NotFound as error:
        raise Http404(str(error)) from error
    same_day, days = _completion_text(service)
    # A catalogue loaded from a spreadsheet may leave the procedure and complaint handling empty; the citizen
    # still needs to know how to apply and where to complain, so the Sigap way is shown.
    defaults = {
        "procedure": _("Apply at the counter of the handling unit or online on this page; you get a tracking ID "
                       "and a message when something is missing and when the product is ready."),
        "complaint_handling": _("Complaints about this service go through Sigap (web or WhatsApp) and are "
                                "answered within the published deadlines."),
    }
    components = [(label, getattr(service, name) or defaults.get(name, "")) for name, label, public
                  in STANDARD_COMPONENTS if public and name not in ("requirements", "completion")]
    return render(request, "services/service.html", {
        "service": service, "requirements": service.requirement_items(), "same_day": same_day, "days": days,
        "components": components, "complaints": complaints_per_period(service),
    })


def apply_online(request: HttpRequest, code: str) -> HttpResponse:
    try:
        service = get_public_service(code)
    except NotFound as error:
        raise Http404(str(error)) from error
    form = OnlineForm(request.POST or None, request.FILES or None, service=service)
    if request.method == "POST" and form.is_valid():
        unit = form.cleaned_data.get("kelurahan") or service.unit
        if unit is None:
            raise Http404("Service has no handling unit.")
        checklist, documents = [], []
        for item, check, upload in form.requirement_names:
            if form.cleaned_data.get(check):
                checklist.append(item)
            uploaded = form.cleaned_data.get(upload)
            if uploaded is not None:
                documents.append(actions.UploadedRequirement(requirement=item, content=uploaded.read(),
                                                             filename=uploaded.name or ""))
        draft = actions.RequestDraft(
            service=service, unit=unit, applicant_name=form.cleaned_data["applicant_name"],
            applicant_phone=form.cleaned_data["applicant_phone"], applicant_email=form.cleaned_data["applicant_email"],
            nik=form.cleaned_data["nik"], checklist=checklist, channel=Channel.ONLINE, documents=documents,
        )
        try:
            created = actions.create_request(draft=draft, by=None, now=timezone.now())
        except ActionError as error:
            form.add_action_error(error)
        else:
            return render(request, "services/submitted.html", {"req": created}, status=201)
    status = 422 if request.method == "POST" else 200
    return render(request, "services/apply.html", {"service": service, "form": form}, status=status)


def track(request: HttpRequest, tracking_id: str) -> HttpResponse:
    try:
        found = get_public_request(tracking_id)
    except NotFound as error:
        raise Http404(str(error)) from error
    late = bool(found.promised_at and found.ready_at is None and found.status not in ("cancelled",)
                and found.promised_at < timezone.now())
    return render(request, "services/track.html",
                  {"req": found, "timeline": public_timeline(found), "late": late})
