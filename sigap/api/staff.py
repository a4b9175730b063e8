"""The staff JSON API: bearer-token auth, the caller's work queue, and the officer actions on a report."""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import HttpRequest
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from ninja import Router
from ninja.security import HttpBearer

from sigap.api import messages
from sigap.api.staff_serialize import report_detail, report_summary
from sigap.core.errors import InvalidInput, NotFound
from sigap.domain.lifecycle import Audience, note_audience
from sigap.organization.tokens import person_for_token
from sigap.reports.access import get_report_for
from sigap.reports.queue import QueueFilters, status_counts, work_queue
from sigap.reports.staff_actions import STAFF_ACTIONS, perform

MAX_PAGE_SIZE = 100


class StaffToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any | None:
        person = person_for_token(token)
        if person is not None:
            request.user = person
        return person


router = Router(tags=["staff"], auth=StaffToken())


def _int(value: Any, default: int, *, field: str, low: int, high: int) -> int:
    if value in (None, ""):
        return default
    try:
        number = int(value)
    except (TypeError, ValueError) as error:
        raise InvalidInput(_("This must be a whole number."), field=field) from error
    if not low <= number <= high:
        raise InvalidInput(_("This must be between %(low)d and %(high)d.") % {"low": low, "high": high},
                           field=field)
    return number


@router.get("/staff/reports", summary="Reports I may act on (filters: status, category, wilayah, unit, q, due, sort)")
def list_reports(request: HttpRequest) -> dict[str, Any]:
    filters = QueueFilters.from_mapping(request.GET)
    page = _int(request.GET.get("page"), 1, field="page", low=1, high=100_000)
    size = _int(request.GET.get("page_size"), 25, field="page_size", low=1, high=MAX_PAGE_SIZE)
    reports = work_queue(request.user, filters)
    total = reports.count()
    rows = reports[(page - 1) * size: page * size]
    return {"count": total, "page": page, "page_size": size, "counts": status_counts(request.user, filters),
            "results": [report_summary(report) for report in rows]}


@router.get("/staff/reports/{tracking_id}", summary="One report as I may see it, with its full timeline")
def get_staff_report(request: HttpRequest, tracking_id: str) -> dict[str, Any]:
    return report_detail(request.user, get_report_for(request.user, tracking_id))


def _body(request: HttpRequest) -> tuple[dict[str, Any], Any]:
    try:
        if (request.content_type or "") == "multipart/form-data":
            return {key: request.POST.get(key) for key in request.POST}, request.FILES.get("photo")
        if not request.body:
            return {}, None
        data = json.loads(request.body)
    except (RequestDataTooBig, TooManyFieldsSent) as error:
        raise InvalidInput(_("The request is too large."), code="too_large") from error
    except MultiPartParserError as error:  # e.g. no boundary: Django would answer with its HTML 400 page
        raise InvalidInput(messages.unparsable_body(), code="bad_multipart") from error
    except (ValueError, UnicodeDecodeError) as error:
        raise InvalidInput(_("The body is not valid JSON."), code="invalid_json") from error
    if not isinstance(data, dict):
        raise InvalidInput(_("The body must be a JSON object."), code="invalid_json")
    return data, None


def _who_reads() -> str:
    """The lifecycle's NOTE_AUDIENCE, said to API clients before they send a text."""
    readers = {Audience.PUBLIC: "public (the reporter, followers, /lacak/, the public API, Open311)",
               Audience.REPORTER: "the reporter and officers only", Audience.STAFF: "officers only (internal)"}
    lines = [f"- {action}: {readers[note_audience(action)]}" for action in STAFF_ACTIONS]
    return "Who reads the text (message, reason or note) of each action:\n" + "\n".join(lines)


@router.post("/reports/{tracking_id}/actions/{action}",
             summary="Take an action: dispatch, request_info, archive, refer, respond, note, resolve (multipart), "
                     "redispatch, pass_up", description=_who_reads())
def take_action(request: HttpRequest, tracking_id: str, action: str) -> dict[str, Any]:
    report = get_report_for(request.user, tracking_id)
    if action not in STAFF_ACTIONS:
        raise NotFound(_("Unknown action."))
    data, photo = _body(request)
    event = perform(action, report=report, by=request.user, data=data, photo=photo)
    try:
        return report_detail(request.user, get_report_for(request.user, report.tracking_id))
    except NotFound:  # passed up or re-dispatched out of the caller's reach
        return {"tracking_id": report.tracking_id, "status": event.to_status}
