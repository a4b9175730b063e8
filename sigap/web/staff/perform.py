"""One entry for every officer action, shared by the staff pages and the staff API (units given by code)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import IO, Any

from django.utils.translation import gettext as _

from sigap.core.errors import InvalidInput, NotFound
from sigap.organization.models import Unit
from sigap.reports import actions
from sigap.reports.models import Report, ReportEvent
from sigap.reports.photos import CleanPhoto, clean_photo

STAFF_ACTIONS = ("dispatch", "request_info", "archive", "refer", "respond", "note", "resolve", "redispatch",
                 "pass_up")


def unit_by_code(code: Any, *, field: str) -> Unit:
    code = str(code or "").strip()
    if not code:
        raise InvalidInput(_("Choose a unit."), field=field, code="required")
    unit = Unit.objects.filter(code=code[:40], is_active=True).first()
    if unit is None:
        raise InvalidInput(_("There is no active unit with code “%(code)s”.") % {"code": code[:40]}, field=field,
                           code="unknown_unit")
    return unit


def _codes(value: Any) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    if isinstance(value, Sequence):
        return [str(part).strip() for part in value if str(part).strip()]
    raise InvalidInput(_("Give the supporting units as a list of unit codes."), field="supporting_units")


def _text(data: Mapping[str, Any], name: str) -> str:
    value = data.get(name, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InvalidInput(_("This must be text."), field=name, code="invalid")
    return value


def perform(action: str, *, report: Report, by: Any, data: Mapping[str, Any], photo: IO[bytes] | None = None,
            now: datetime | None = None) -> ReportEvent:
    """Run one staff action; raises ActionError subclasses (400/403/404/409) and changes nothing on error."""
    if action == "dispatch":
        lead = unit_by_code(data.get("lead_unit"), field="lead_unit")
        supporting = [unit_by_code(code, field="supporting_units") for code in _codes(data.get("supporting_units"))]
        return actions.dispatch_report(report=report, by=by, lead_unit=lead, supporting_units=supporting,
                                       note=_text(data, "note"), now=now)
    if action == "request_info":
        return actions.request_info(report=report, by=by, message=_text(data, "message"), now=now)
    if action == "archive":
        return actions.archive_report(report=report, by=by, reason=_text(data, "reason"), now=now)
    if action == "refer":
        return actions.refer_report(report=report, by=by, recipient=_text(data, "recipient"),
                                    reason=_text(data, "reason"), now=now)
    if action == "respond":
        return actions.respond_to_report(report=report, by=by, message=_text(data, "message"), now=now)
    if action == "note":
        return actions.add_note(report=report, by=by, message=_text(data, "message"), now=now)
    if action == "resolve":
        clean: CleanPhoto | None = clean_photo(photo) if photo is not None else None
        return actions.resolve_report(report=report, by=by, message=_text(data, "message"), photo=clean, now=now)
    if action == "redispatch":
        lead = unit_by_code(data.get("lead_unit"), field="lead_unit")
        return actions.redispatch_report(report=report, by=by, lead_unit=lead, reason=_text(data, "reason"),
                                         now=now)
    if action == "pass_up":
        return actions.pass_up_report(report=report, by=by, note=_text(data, "note"), now=now)
    raise NotFound(_("Unknown action."))
