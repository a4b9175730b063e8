"""Reads that pages and the API share."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from sigap.domain.lifecycle import Action, Audience, Status, note_audience, note_reaches
from sigap.organization.models import Unit
from sigap.reports.models import Report, ReportEvent, ReportFollower


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    action: str
    status: str
    status_label: str
    note: str
    actor: str
    audience: str = Audience.STAFF.value  # who may read this event's note
    what: str = ""  # what happened, in words ("Dispatched to Dinas PUPR"); `action` keeps the stored code

    @property
    def audience_mark(self) -> str:
        return str(AUDIENCE_MARK[Audience(self.audience)])


# The domain keeps docs/domain.md's Indonesian wording; the shell shows it in the reader's language.
STATUS_TEXT = {
    Status.RECEIVED: _("Received"),
    Status.PENDING_INFO: _("On hold — waiting for more information"),
    Status.DISPATCHED: _("Dispatched"),
    Status.IN_PROGRESS: _("Being handled"),
    Status.RESOLVED: _("Resolved — waiting for confirmation"),
    Status.CLOSED: _("Closed"),
    Status.ARCHIVED: _("Archived"),
    Status.REFERRED: _("Outside the city's authority — forwarded"),
}


def status_label(status: str) -> str:
    return str(STATUS_TEXT[Status(status)])


# What each stored action code means to a person: the one place a code becomes words (timelines, admin, exports).
ACTION_TEXT = {
    Action.SUBMIT: _("Report filed"),
    Action.DISPATCH: _("Dispatched"),
    Action.REQUEST_INFO: _("More information asked of the reporter"),
    Action.ADD_INFO: _("The reporter added information"),
    Action.ARCHIVE: _("Archived"),
    Action.EXPIRE: _("Archived: no reply within 30 days"),
    Action.REFER: _("Forwarded as outside the city's authority"),
    Action.RESPOND: _("Answered"),
    Action.NOTE: _("Internal note"),
    Action.RESOLVE: _("Marked as resolved"),
    Action.CONFIRM: _("The reporter confirmed the fix"),
    Action.DISPUTE: _("The reporter said it is not fixed"),
    Action.AUTO_CLOSE: _("Closed: no reply from the reporter in time"),
    Action.RATE: _("The reporter rated the handling"),
    Action.REDISPATCH: _("Moved to another unit"),
    Action.PASS_UP: _("Passed up the chain"),
    Action.RETURN_TO_ADMIN: _("Returned to the complaint desk"),
    Action.ESCALATE: _("Escalated: the deadline passed"),
    Action.VIEW_IDENTITY: _("The reporter's identity was revealed"),
    Action.LINK_DUPLICATE: _("Linked as a duplicate"),
}
# The same, naming the unit the report went to when the event records one.
ACTION_TO_TEXT = {
    Action.DISPATCH: _("Dispatched to %(unit)s"),
    Action.REDISPATCH: _("Moved to %(unit)s"),
    Action.PASS_UP: _("Passed up to %(unit)s"),
    Action.REFER: _("Forwarded to %(unit)s as outside the city's authority"),
}


def action_label(action: str) -> str:
    """An action code in words; an unknown code (an old row) is shown as it is rather than failing the page."""
    try:
        return str(ACTION_TEXT[Action(action)])
    except ValueError:
        return action


def status_choices() -> list[tuple[str, str]]:
    """(code, words) for every status, for filters and forms."""
    return [(status.value, status_label(status)) for status in Status]


def public_timeline(report: Report) -> list[TimelineEntry]:
    """What the public may read: public events only, actors named by unit, never the reporter's identity, and a
    note only where the lifecycle's NOTE_AUDIENCE makes it public."""
    events = report.events.filter(is_public=True).select_related("actor_unit").order_by("seq")
    return [_entry(event, reader=Audience.PUBLIC) for event in events]


def reporter_timeline(report: Report) -> list[TimelineEntry]:
    """The reporter's secret page: the public timeline plus what passed between the office and the reporter (the
    question asked, their own answers); never an officers-only note."""
    events = report.events.select_related("actor_unit").order_by("seq")
    return [_entry(event, reader=Audience.REPORTER) for event in events
            if event.is_public or note_audience(event.action) is Audience.REPORTER]


def full_timeline(report: Report) -> list[TimelineEntry]:
    events = list(report.events.select_related("actor_unit").order_by("seq"))
    codes = {str(event.data.get("lead_unit")) for event in events if isinstance(event.data, dict)
             and event.data.get("lead_unit")}
    units = {unit.code: str(unit) for unit in Unit.objects.filter(code__in=codes)} if codes else {}
    return [_entry(event, reader=Audience.STAFF, units=units) for event in events]


def _what(event: ReportEvent, units: dict[str, str]) -> str:
    data = event.data if isinstance(event.data, dict) else {}
    target = units.get(str(data.get("lead_unit") or "")) or (data.get("recipient") or "")
    if target and event.action in ACTION_TO_TEXT:
        return str(ACTION_TO_TEXT[Action(event.action)]) % {"unit": target}
    return action_label(event.action)


def _entry(event: ReportEvent, *, reader: Audience, units: dict[str, str] | None = None) -> TimelineEntry:
    if event.actor_label in ("reporter", "system"):
        actor = {"reporter": "Pelapor", "system": "Sistem"}[event.actor_label]
    elif reader is not Audience.STAFF:
        actor = str(event.actor_unit) if event.actor_unit else "Petugas"
    else:
        actor = event.actor_label
    note = event.note if note_reaches(event.action, reader) else ""
    return TimelineEntry(at=event.at, action=event.action, status=event.to_status,
                         status_label=status_label(event.to_status), note=note, actor=actor,
                         audience=note_audience(event.action).value, what=_what(event, units or {}))


# What each audience means to the officer writing the text, next to the field (and on the staff timeline).
AUDIENCE_TEXT = {
    Audience.PUBLIC: _("Sent to the reporter and shown on the public page."),
    Audience.REPORTER: _("Sent to the reporter only; not shown on the public page."),
    Audience.STAFF: _("Internal note — for officers only."),
}


def audience_text(action: str) -> str:
    return str(AUDIENCE_TEXT[note_audience(action)])


# A short mark beside each note on the staff timeline.
AUDIENCE_MARK = {Audience.PUBLIC: _("public"), Audience.REPORTER: _("reporter only"), Audience.STAFF: _("internal")}


def public_point(*, anonim: bool, lat: Decimal | None, lng: Decimal | None) -> tuple[Decimal | None, Decimal | None]:
    """An anonim reporter's exact point could name them (their house): only the kelurahan is public then.

    Takes the fields rather than a Report so that value rows (Open311's lists) use the same rule."""
    if anonim or lat is None or lng is None:
        return None, None
    return lat, lng


def public_address(*, anonim: bool, address: str) -> str:
    """The street address of an anonim report is as telling as its point: the public sees the kelurahan only."""
    return "" if anonim else address


def support_count(report: Report) -> int:
    """The public weight of a report ("Saya juga mengalami ini"): its confirmed supporters, a number and never who."""
    return ReportFollower.objects.filter(report=report, supported_at__isnull=False,
                                         confirmed_at__isnull=False).count()
