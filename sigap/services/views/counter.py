"""The counter (loket) for officers: today's queue, due today, late, one-click steps (each a POST)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sigap.core.errors import ActionError, NotFound
from sigap.domain.service_requests import RequestAction, RequestStatus, allowed_actions
from sigap.organization.access import sees_whole_city, unit_paths, units_visible_to
from sigap.services import actions
from sigap.services.access import get_request_for, nik_for, requests_handled_by
from sigap.services.forms import IncompleteForm, WalkInForm
from sigap.services.models import Channel
from sigap.services.queries import compliance, counter_queue, step_label

ACTION_LABELS = {
    RequestAction.CHECK: _("Requirements complete"),
    RequestAction.MARK_INCOMPLETE: _("Requirements incomplete"),
    RequestAction.COMPLETE: _("Missing items received"),
    RequestAction.START: _("Start processing"),
    RequestAction.MARK_READY: _("Ready"),
    RequestAction.HAND_OVER: _("Handed over"),
    RequestAction.CANCEL: _("Cancel"),
}
# Steps that need more than a click are done on the request's own page.
_ONE_CLICK = (RequestAction.CHECK, RequestAction.COMPLETE, RequestAction.START, RequestAction.MARK_READY,
              RequestAction.HAND_OVER)


def _counter_units(request: HttpRequest):  # type: ignore[no-untyped-def]
    paths = unit_paths(request.user)
    return units_visible_to(request.user).filter(path__in=paths)


def _steps(status: str) -> list[tuple[str, str]]:
    return [(a.value, str(ACTION_LABELS[a])) for a in allowed_actions(RequestStatus(status)) if a in _ONE_CLICK]


@login_required
def counter(request: HttpRequest) -> HttpResponse:
    queue = counter_queue(requests_handled_by(request.user), now=timezone.now())
    units = _counter_units(request)
    form = WalkInForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        draft = actions.RequestDraft(
            service=form.cleaned_data["service"], unit=form.cleaned_data["unit"],
            applicant_name=form.cleaned_data["applicant_name"], applicant_phone=form.cleaned_data["applicant_phone"],
            applicant_email=form.cleaned_data["applicant_email"], nik=form.cleaned_data["nik"],
            channel=Channel.COUNTER,
        )
        try:
            created = actions.create_request(draft=draft, by=request.user, now=timezone.now())
        except ActionError as error:
            form.add_action_error(error)
        else:
            messages.success(request, _("Request %(id)s registered.") % {"id": created.tracking_id})
            return redirect("services:counter")
    rows = {name: [(item, _steps(item.status)) for item in getattr(queue, name)]
            for name in ("today", "due_today", "late")}
    status = 422 if request.method == "POST" else 200
    return render(request, "services/counter.html", {"rows": rows, "form": form, "now": timezone.now(),
                                                     "units": units},
                  status=status)


def _events(found: Any) -> list[tuple[Any, str, str]]:
    """Each step with what it means and who did it, in words (issue 14: never a stored code)."""
    return [(event, step_label(event.action), _("System") if event.actor_label == "system" else event.actor_label)
            for event in found.events.order_by("seq")]


@login_required
def request_detail(request: HttpRequest, tracking_id: str) -> HttpResponse:
    try:
        found = get_request_for(request.user, tracking_id)
    except NotFound as error:
        raise Http404(str(error)) from error
    return render(request, "services/request_detail.html", {
        "req": found, "nik": nik_for(request.user, found), "events": _events(found),
        "steps": _steps(found.status), "incomplete_form": IncompleteForm(),
        "can_mark_incomplete": RequestAction.MARK_INCOMPLETE in allowed_actions(RequestStatus(found.status)),
        "can_cancel": RequestAction.CANCEL in allowed_actions(RequestStatus(found.status)),
        "documents": found.documents.all(),
    })


@login_required
@require_POST
def step(request: HttpRequest, tracking_id: str) -> HttpResponse:
    try:
        found = get_request_for(request.user, tracking_id)
        action = RequestAction(request.POST.get("action", ""))
    except (NotFound, ValueError) as error:
        raise Http404(str(error)) from error
    missing = request.POST.get("missing", "").splitlines()
    try:
        actions.transition(request=found, action=action, by=request.user, now=timezone.now(), missing=missing,
                           note=request.POST.get("note", ""))
    except ActionError as error:
        messages.error(request, error.message)
        return redirect("services:request", tracking_id=found.tracking_id)
    messages.success(request, _("%(id)s: %(step)s.") % {"id": found.tracking_id,
                                                           "step": ACTION_LABELS.get(action, action.value)})
    if request.POST.get("next") == "detail":
        return redirect("services:request", tracking_id=found.tracking_id)
    return redirect("services:counter")


def _month_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day.replace(day=1), time.min))


@login_required
def compliance_page(request: HttpRequest) -> HttpResponse:
    """Compliance with the standards for the units the person may see, this month or a chosen one."""
    units = list(units_visible_to(request.user).filter(path__in=unit_paths(request.user)))
    if sees_whole_city(request.user):
        units_arg = None
    elif units:
        units_arg = units
    else:
        raise Http404("No units.")
    try:
        month = date.fromisoformat(request.GET.get("bulan", "") + "-01") if request.GET.get("bulan") else \
            timezone.localdate()
    except ValueError as error:
        raise Http404("Bad month.") from error
    start = _month_start(month)
    end = _month_start((start + timedelta(days=32)).date())
    rows = compliance(units=units_arg, period=(start, end), now=timezone.now())
    return render(request, "services/compliance.html", {"rows": rows, "month": month})
