"""Reads that pages and the API share."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext_lazy as _

from sigap.domain.lifecycle import Status
from sigap.reports.models import Report, ReportEvent


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    action: str
    status: str
    status_label: str
    note: str
    actor: str


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
    """What the public may read: public events only, actors named by unit, never the reporter's identity."""
    entries = []
    for event in report.events.filter(is_public=True).select_related("actor_unit").order_by("seq"):
        entries.append(_entry(event, public=True))
    return entries


def full_timeline(report: Report) -> list[TimelineEntry]:
    return [_entry(event, public=False) for event in report.events.select_related("actor_unit").order_by("seq")]


def _entry(event: ReportEvent, *, public: bool) -> TimelineEntry:
    if event.actor_label in ("reporter", "system"):
        actor = {"reporter": "Pelapor", "system": "Sistem"}[event.actor_label]
    elif public:
        actor = str(event.actor_unit) if event.actor_unit else "Petugas"
    else:
        actor = event.actor_label
    note = event.note
    if public and event.action == "add_info":
        note = ""
    return TimelineEntry(at=event.at, action=event.action, status=event.to_status,
                         status_label=status_label(event.to_status), note=note, actor=actor)
