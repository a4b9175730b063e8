"""The officer actions by name: one registry shared by the staff pages, the staff API and the heads' WhatsApp commands.

Each entry says which lifecycle action it performs (permission, availability and who reads its text follow from
that) and how to run it from plain data (units by code, texts by name), so a channel only parses its own input.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import IO, Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sigap.core.errors import InvalidInput, NotFound
from sigap.domain.lifecycle import Action, Status, allowed_actions
from sigap.notifications.models import Notification, NotificationChannel
from sigap.notifications.outbox import contact_channels
from sigap.organization.models import PASS_UP_KINDS, Unit
from sigap.reports import actions
from sigap.reports.access import identity_is_protected
from sigap.reports.models import Report, ReportEvent
from sigap.reports.permissions import may_act
from sigap.reports.photos import CleanPhoto, clean_photo

Runner = Callable[[Report, Any, Mapping[str, Any], IO[bytes] | None, datetime | None], ReportEvent]


@dataclass(frozen=True)
class StaffAction:
    name: str
    action: Action  # the lifecycle action it performs (pass_up may become return_to_admin at the top of the chain)
    run: Runner
    text_field: str  # the free text the action takes: its event's note
    whatsapp_command: str = ""  # the word a head sends on WhatsApp (`jawab BBU-7K3Q9M ...`); empty: web and API only


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


def _dispatch(report: Report, by: Any, data: Mapping[str, Any], photo: IO[bytes] | None,
              now: datetime | None) -> ReportEvent:
    lead = unit_by_code(data.get("lead_unit"), field="lead_unit")
    supporting = [unit_by_code(code, field="supporting_units") for code in _codes(data.get("supporting_units"))]
    return actions.dispatch_report(report=report, by=by, lead_unit=lead, supporting_units=supporting,
                                   note=_text(data, "note"), now=now)


def _request_info(report: Report, by: Any, data: Mapping[str, Any], photo: IO[bytes] | None,
                  now: datetime | None) -> ReportEvent:
    return actions.request_info(report=report, by=by, message=_text(data, "message"), now=now)


def _archive(report: Report, by: Any, data: Mapping[str, Any], photo: IO[bytes] | None,
             now: datetime | None) -> ReportEvent:
    return actions.archive_report(report=report, by=by, reason=_text(data, "reason"), now=now)


def _refer(report: Report, by: Any, data: Mapping[str, Any], photo: IO[bytes] | None,
           now: datetime | None) -> ReportEvent:
    return actions.refer_report(report=report, by=by, recipient=_text(data, "recipient"),
                                reason=_text(data, "reason"), now=now)


def _respond(report: Report, by: Any, data: Mapping[str, Any], photo: IO[bytes] | None,
             now: datetime | None) -> ReportEvent:
    return actions.respond_to_report(report=report, by=by, message=_text(data, "message"), now=now)


def _note(report: Report, by: Any, data: Mapping[str, Any], photo: IO[bytes] | None,
          now: datetime | None) -> ReportEvent:
    return actions.add_note(report=report, by=by, message=_text(data, "message"), now=now)


def _resolve(report: Report, by: Any, data: Mapping[str, Any], photo: IO[bytes] | None,
             now: datetime | None) -> ReportEvent:
    clean: CleanPhoto | None = clean_photo(photo) if photo is not None else None
    return actions.resolve_report(report=report, by=by, message=_text(data, "message"), photo=clean, now=now)


def _redispatch(report: Report, by: Any, data: Mapping[str, Any], photo: IO[bytes] | None,
                now: datetime | None) -> ReportEvent:
    lead = unit_by_code(data.get("lead_unit"), field="lead_unit")
    return actions.redispatch_report(report=report, by=by, lead_unit=lead, reason=_text(data, "reason"), now=now)


def _pass_up(report: Report, by: Any, data: Mapping[str, Any], photo: IO[bytes] | None,
             now: datetime | None) -> ReportEvent:
    return actions.pass_up_report(report=report, by=by, note=_text(data, "note"), now=now)


REGISTRY: dict[str, StaffAction] = {entry.name: entry for entry in (
    StaffAction("dispatch", Action.DISPATCH, _dispatch, text_field="note"),
    StaffAction("request_info", Action.REQUEST_INFO, _request_info, text_field="message"),
    StaffAction("archive", Action.ARCHIVE, _archive, text_field="reason"),
    StaffAction("refer", Action.REFER, _refer, text_field="reason"),
    StaffAction("respond", Action.RESPOND, _respond, text_field="message", whatsapp_command="jawab"),
    StaffAction("note", Action.NOTE, _note, text_field="message"),
    StaffAction("resolve", Action.RESOLVE, _resolve, text_field="message", whatsapp_command="selesai"),
    StaffAction("redispatch", Action.REDISPATCH, _redispatch, text_field="reason"),
    StaffAction("pass_up", Action.PASS_UP, _pass_up, text_field="note", whatsapp_command="naikkan"),
)}
STAFF_ACTIONS = tuple(REGISTRY)
BY_WHATSAPP_COMMAND: dict[str, StaffAction] = {entry.whatsapp_command: entry for entry in REGISTRY.values()
                                               if entry.whatsapp_command}


def perform(action: str, *, report: Report, by: Any, data: Mapping[str, Any], photo: IO[bytes] | None = None,
            now: datetime | None = None) -> ReportEvent:
    """Run one staff action; raises ActionError subclasses (400/403/404/409) and changes nothing on error."""
    entry = REGISTRY.get(action)
    if entry is None:
        raise NotFound(_("Unknown action."))
    return entry.run(report, by, data, photo, now)


# What the officer is told once an action went through, by the lifecycle action the event records (a pass up at the
# top of the chain is recorded as a return to the desk). Placeholders come from the report as it now stands.
DONE_TEXT: Mapping[Action, Any] = {
    Action.DISPATCH: gettext_lazy("The report was forwarded to %(unit)s"),
    Action.REQUEST_INFO: gettext_lazy("The report is on hold until the reporter adds the information asked for"),
    Action.ARCHIVE: gettext_lazy("The report was archived"),
    Action.REFER: gettext_lazy("The report was forwarded to %(recipient)s as outside the city's authority"),
    Action.RESPOND: gettext_lazy("Your answer was recorded"),
    Action.NOTE: gettext_lazy("The internal note was saved; the reporter does not see it"),
    Action.RESOLVE: gettext_lazy("The report was marked as resolved; the reporter is asked to confirm"),
    Action.REDISPATCH: gettext_lazy("The report was moved to %(unit)s"),
    Action.PASS_UP: gettext_lazy("The report was passed up to %(unit)s"),
    Action.RETURN_TO_ADMIN: gettext_lazy("The report was returned to the complaint desk"),
}


def confirmation(report: Report, event: ReportEvent) -> str:
    """What happened and who was told, in plain words, from what the event owed in the outbox (not from what the
    action usually sends): an unreachable or anonim reporter is not said to have been told anything."""
    report.refresh_from_db()
    values = {"unit": str(report.lead_unit or _("the complaint desk")), "recipient": report.referral_recipient}
    parts = [str(DONE_TEXT.get(Action(event.action), _("Done"))) % values]
    owed = list(Notification.objects.filter(idempotency_key__startswith=f"report:{report.pk}:{event.seq}:")
                .values_list("channel", "recipient_address", "recipient_user_id"))
    reporter = list(contact_channels(phone=report.reporter_phone, email=report.reporter_email,
                                     whatsapp_id=report.reporter_whatsapp_id))  # WhatsApp first
    sent = {(channel, address) for channel, address, _user in owed}
    told = [channel for channel, address in reporter if (channel, address) in sent]
    if told and not identity_is_protected(report):
        names = [str(NotificationChannel(channel).label) for channel in told]
        parts.append(_("the reporter was told by %(channels)s") % {"channels": _(" and ").join(names)})
    officers = {user for channel, address, user in owed if user is not None and (channel, address) not in reporter}
    if officers:
        parts.append(_("%(count)d officer(s) were told") % {"count": len(officers)})
    return "; ".join(parts) + "."


def may_take(user: Any, report: Report, name: str) -> bool:
    """Whether this person may take the named action on this report now: the lifecycle's table, then the rules."""
    entry = REGISTRY[name]
    allowed = allowed_actions(Status(report.status))
    in_table = entry.action in allowed or (name == "pass_up" and Action.RETURN_TO_ADMIN in allowed)
    if not in_table or not may_act(user, report, entry.action):
        return False
    return name != "pass_up" or (report.lead_unit is not None and report.lead_unit.kind in PASS_UP_KINDS)


def available_actions(user: Any, report: Report) -> set[str]:
    """The names this person may take on this report now."""
    return {name for name in REGISTRY if may_take(user, report, name)}
