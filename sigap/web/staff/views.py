"""Staff pages. Reads go through the access functions, writes through `perform` (the action functions)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from sigap.core.errors import ActionError, NotFound
from sigap.domain.lifecycle import Action
from sigap.organization.access import is_staff_member
from sigap.reports import actions
from sigap.reports.access import (
    get_report_for,
    identity_is_protected,
    may_see_reporter_identity,
    reports_handled_by,
)
from sigap.reports.models import Report
from sigap.reports.permissions import may_act
from sigap.reports.queries import full_timeline, status_label, support_count
from sigap.reports.queue import (
    QueueFilters,
    current_tab,
    status_counts,
    tab_counts,
    tab_filters,
    time_left,
    work_queue,
)
from sigap.reports.routing import suggested_lead_unit
from sigap.reports.staff_actions import REGISTRY, available_actions, confirmation, perform
from sigap.routing.suggest import unit_suggestions
from sigap.web.staff import forms

PAGE_SIZE = 50


def _staff(request: HttpRequest) -> Any:
    if not is_staff_member(request.user):
        raise PermissionDenied(_("This page is for officers."))
    return request.user


def _report(request: HttpRequest, tracking_id: str) -> Report:
    try:
        return get_report_for(request.user, tracking_id)
    except NotFound as error:
        raise Http404(_("Report not found.")) from error


TAB_LABELS = {"main": _lazy("What needs me"), "new": _lazy("New (Baru masuk)"), "late": _lazy("Late"),
              "today": _lazy("Due today")}


def _query_string(filters: QueueFilters) -> str:
    return urlencode({name: value for name, value in asdict(filters).items() if value})


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    user = _staff(request)
    filters = QueueFilters.from_mapping(request.GET)
    now = timezone.now()
    page = Paginator(work_queue(user, filters, now=now), PAGE_SIZE).get_page(request.GET.get("page"))
    # Reports seen only because they lie in the area a Lurah or Camat oversees are marked read-only.
    handled = set(reports_handled_by(user).filter(pk__in=[report.pk for report in page.object_list])
                  .values_list("pk", flat=True))
    rows = [{"report": report, "left": time_left(report, now), "status_label": status_label(report.status),
             "read_only": report.pk not in handled} for report in page.object_list]
    counts = [(status, status_label(status), count) for status, count in status_counts(user, filters).items()
              if count]
    active = current_tab(filters)
    tabs = [{"name": tab, "count": count, "current": tab == active,
             "label": _("Search results") if tab == "main" and filters.q else TAB_LABELS[tab],
             "query": _query_string(tab_filters(filters, tab))}
            for tab, count in tab_counts(user, filters, now=now).items()]
    return render(request, "web/staff/queue.html", {
        "rows": rows, "page": page, "counts": counts, "tabs": tabs, "form": forms.QueueFilterForm(request.GET or None),
        "filters": filters, "query": _query_string(filters),
    })


def _page(request: HttpRequest, report: Report, *, error: ActionError | None = None, failed: str = "",
          identity: dict[str, str] | None = None, status: int = 200) -> HttpResponse:
    user = request.user
    available = available_actions(user, report)
    data = request.POST if error is not None else None

    def bound(name: str, form_class: Any, **kwargs: Any) -> Any:
        return forms.say_who_reads(form_class(data if failed == name else None, prefix=name, **kwargs),
                                   REGISTRY[name].action)

    suggested = suggested_lead_unit(report) if "dispatch" in available else None
    context = {
        "report": report, "status_label": status_label(report.status), "timeline": full_timeline(report),
        "left": time_left(report, timezone.now()), "available": available, "error": error, "failed": failed,
        "identity": identity, "suggested": suggested,
        # The model's top three beside the category's rule, each one tap to dispatch (ADR 0015); [] without a model.
        "unit_suggestions": unit_suggestions(report) if "dispatch" in available else [],
        "show_identity": may_see_reporter_identity(user, report),
        "may_reveal": identity_is_protected(report) and may_act(user, report, Action.VIEW_IDENTITY),
        "supporting": [link.unit for link in report.supporting.select_related("unit")],
        "citizen_supports": support_count(report),  # a count only: supporters are never listed (ADR 16)
        "photos": list(report.photos.all()),
        "forms": {
            "dispatch": bound("dispatch", forms.DispatchForm, suggested=suggested),
            "request_info": bound("request_info", forms.MessageForm),
            "archive": bound("archive", forms.ArchiveForm),
            "refer": bound("refer", forms.ReferForm),
            "respond": bound("respond", forms.MessageForm),
            "note": bound("note", forms.MessageForm),
            "resolve": bound("resolve", forms.ResolveForm),
            "redispatch": bound("redispatch", forms.RedispatchForm),
            "pass_up": bound("pass_up", forms.PassUpForm),
        },
        "photo_required": report.category.evidence_photo_required,
    }
    return render(request, "web/staff/report.html", context, status=status)


@login_required
def report_page(request: HttpRequest, tracking_id: str) -> HttpResponse:
    _staff(request)
    return _page(request, _report(request, tracking_id))


def _posted(request: HttpRequest, prefix: str) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for key in request.POST:
        if key.startswith(f"{prefix}-"):
            name = key[len(prefix) + 1:]
            data[name] = request.POST.getlist(key) if name == "supporting_units" else request.POST.get(key)
    return data


@login_required
@require_POST
def act(request: HttpRequest, tracking_id: str, action: str) -> HttpResponse:
    user = _staff(request)
    report = _report(request, tracking_id)
    if action not in REGISTRY:
        raise Http404(_("Unknown action."))
    try:
        event = perform(action, report=report, by=user, data=_posted(request, action),
                        photo=request.FILES.get(f"{action}-photo"))
    except ActionError as error:
        return _page(request, _report(request, tracking_id), error=error, failed=action, status=error.status_code)
    messages.success(request, confirmation(report, event))
    try:
        get_report_for(user, report.tracking_id)
    except NotFound:
        return redirect("staff:queue")  # passed on beyond this person's reach
    return redirect(reverse("staff:report", args=[report.tracking_id]) + "#timeline")


@login_required
@require_POST
def reveal_identity(request: HttpRequest, tracking_id: str) -> HttpResponse:
    user = _staff(request)
    report = _report(request, tracking_id)
    try:
        identity = actions.view_reporter_identity(report=report, by=user)
    except ActionError as error:
        return _page(request, report, error=error, status=error.status_code)
    return _page(request, _report(request, tracking_id), identity=identity)


def photo(request: HttpRequest, tracking_id: str, photo_id: int) -> HttpResponse | FileResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    report = _report(request, tracking_id)
    item = report.photos.filter(pk=photo_id).first()
    if item is None:
        raise Http404(_("Photo not found."))
    response = FileResponse(item.image.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    return response
