"""Survey pages: the one-response link, the kiosk, the results page and its XLSX."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from sigap.core.errors import ActionError, Conflict, NotFound
from sigap.organization.models import Unit
from sigap.reports.access import get_public_report
from sigap.services.models import Service
from sigap.surveys import actions
from sigap.surveys.models import AgeBand, Education, Gender, Occupation, SurveyInvitation
from sigap.surveys.queries import ELEMENT_NAMES, responses_for, survey_results
from sigap.surveys.questions import QUESTIONS
from sigap.surveys.xlsx import ikm_workbook

PROFILE = (("gender", _l("Gender"), Gender), ("age_band", _l("Age"), AgeBand),
           ("education", _l("Education"), Education), ("occupation", _l("Occupation"), Occupation))


def _form_context(data: Any, error: ActionError | None) -> dict[str, Any]:
    questions = [{"code": code, "element": element, "text": text, "value": str(data.get(code, "")),
                  "answers": [(str(i + 1), label) for i, label in enumerate(answers)]}
                 for code, element, text, answers in QUESTIONS]
    profile = [{"name": name, "label": label, "value": str(data.get(name, "")),
                "choices": list(choices.choices)} for name, label, choices in PROFILE]
    return {"questions": questions, "profile": profile, "error": error, "suggestion": data.get("suggestion", "")}


def answer(request: HttpRequest, token: str) -> HttpResponse:
    invitation = SurveyInvitation.objects.select_related("unit", "service").filter(token=token).first()
    if invitation is None:
        raise Http404("Survey not found.")
    error: ActionError | None = None
    if request.method == "POST":
        try:
            actions.answer_invitation(token=token, answers=request.POST, profile=request.POST, now=timezone.now())
        except Conflict as refused:
            return render(request, "surveys/done.html", {"already": True, "message": refused.message}, status=409)
        except ActionError as invalid:
            error = invalid
        else:
            return render(request, "surveys/done.html", {"already": False})
    elif hasattr(invitation, "response"):
        return render(request, "surveys/done.html", {"already": True})
    context = _form_context(request.POST if request.method == "POST" else {}, error)
    context.update({"unit": invitation.unit, "service": invitation.service})
    return render(request, "surveys/form.html", context, status=422 if error else 200)


def after_report(request: HttpRequest, tracking_id: str, token: str) -> HttpResponse:
    """The reporter's own link opens the survey of a closed report (one response per report)."""
    try:
        report = get_public_report(tracking_id, reporter_token=token)
    except NotFound as error:
        raise Http404(str(error)) from error
    if report.reporter_token != token:
        raise Http404("Report not found.")
    try:
        invitation = actions.invite_after_report(report=report, now=timezone.now())
    except ActionError as refused:
        return render(request, "surveys/done.html", {"already": True, "message": refused.message}, status=409)
    return redirect("surveys:answer", token=invitation.token)


def kiosk(request: HttpRequest, unit_code: str) -> HttpResponse:
    unit = Unit.objects.filter(code=unit_code, is_active=True).first()
    if unit is None:
        raise Http404("Unit not found.")
    services = [s for s in Service.objects.filter(is_active=True) if s.unit_id == unit.pk
                or (s.offered_by_every_kelurahan and unit.kind == "kelurahan")]
    error: ActionError | None = None
    if request.method == "POST":
        code = request.POST.get("service", "")
        service = next((s for s in services if s.code == code), None)
        try:
            if code and service is None:
                raise ActionError(_("%(unit)s does not offer this service.") % {"unit": unit}, field="service")
            actions.answer_at_kiosk(unit=unit, service=service, answers=request.POST, profile=request.POST,
                                    now=timezone.now())
        except ActionError as invalid:
            error = invalid
        else:
            return render(request, "surveys/done.html", {"already": False, "kiosk_url": request.path})
    context = _form_context(request.POST if request.method == "POST" else {}, error)
    context.update({"unit": unit, "services": services, "kiosk": True,
                    "chosen": request.POST.get("service", "")})
    return render(request, "surveys/form.html", context, status=422 if error else 200)


def _period(request: HttpRequest) -> tuple[date, date]:
    today = timezone.localdate()
    try:
        start = date.fromisoformat(request.GET.get("dari", "")) if request.GET.get("dari") else today.replace(
            month=1, day=1)
        end = date.fromisoformat(request.GET.get("sampai", "")) if request.GET.get("sampai") else today
    except ValueError as error:
        raise Http404("Bad date.") from error
    return start, end


def _results(request: HttpRequest) -> tuple[Any, Unit | None, date, date]:
    unit_code = request.GET.get("unit", "")
    unit = Unit.objects.filter(code=unit_code).first() if unit_code else None
    if unit_code and unit is None:
        raise Http404("Unit not found.")
    start, end = _period(request)
    bounds = (timezone.make_aware(datetime.combine(start, datetime.min.time())),
              timezone.make_aware(datetime.combine(end + timedelta(days=1), datetime.min.time())))
    population = request.GET.get("populasi", "")
    responses = responses_for(unit=unit, period=bounds, service_code=request.GET.get("layanan", ""))
    pop = int(population) if population.isdigit() and int(population) > 0 else None
    return survey_results(responses, population=pop), unit, start, end


def results(request: HttpRequest) -> HttpResponse:
    found, unit, start, end = _results(request)
    elements = []
    if found.result is not None:
        elements = list(zip(ELEMENT_NAMES, found.result.nrr, found.result.nrr_weighted, strict=True))
    return render(request, "surveys/results.html", {
        "results": found, "unit": unit, "start": start, "end": end, "elements": elements,
        "units": Unit.objects.filter(is_active=True, kind__in=["opd", "kelurahan", "kecamatan", "bidang"]),
        "query": request.GET.urlencode(),
    })


def results_xlsx(request: HttpRequest) -> HttpResponse:
    found, unit, start, end = _results(request)
    title = f"IKM {unit or 'Kota'} {start.isoformat()} s.d. {end.isoformat()}"
    response = HttpResponse(ikm_workbook(found, title=title),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="ikm-{start.isoformat()}-{end.isoformat()}.xlsx"'
    return response
