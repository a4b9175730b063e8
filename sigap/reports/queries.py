"""Reads that pages and the API share."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from sigap.domain.lifecycle import Audience, Status, note_audience, note_reaches
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
    events = report.events.select_related("actor_unit").order_by("seq")
    return [_entry(event, reader=Audience.STAFF) for event in events]


def _entry(event: ReportEvent, *, reader: Audience) -> TimelineEntry:
    if event.actor_label in ("reporter", "system"):
        actor = {"reporter": "Pelapor", "system": "Sistem"}[event.actor_label]
    elif reader is not Audience.STAFF:
        actor = str(event.actor_unit) if event.actor_unit else "Petugas"
    else:
        actor = event.actor_label
    note = event.note if note_reaches(event.action, reader) else ""
    return TimelineEntry(at=event.at, action=event.action, status=event.to_status,
                         status_label=status_label(event.to_status), note=note, actor=actor,
                         audience=note_audience(event.action).value)


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
