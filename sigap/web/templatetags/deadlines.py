"""Deadlines in words: `{% deadline report %}` draws the running deadline of a report, named and said as people
say it ("Batas penyelesaian: 3 hari kerja lagi (Senin 7 Des, 16.00)"), amber on its day and red once late.

The domain (sigap.domain.time_left) says where a deadline stands; this module only chooses the words, so every
page that draws a report's deadline says the same thing about it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import template
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from sigap.calendar.service import get_calendar
from sigap.domain.lifecycle import Status
from sigap.domain.sla import STAGE_OF_STATUS, Stage
from sigap.domain.time_left import TimeLeft, Tone, time_left

register = template.Library()

DEADLINE_NAMES = {
    Stage.VERIFICATION: gettext_lazy("Verification deadline"),
    Stage.FIRST_RESPONSE: gettext_lazy("Response deadline"),
    Stage.RESOLUTION: gettext_lazy("Resolution deadline"),
    Stage.CONFIRMATION: gettext_lazy("Citizen confirmation deadline"),
    Stage.PENDING_INFO: gettext_lazy("Deadline for the missing information"),
}
# The CSS class of each tone; "ontime" and "late" are the classes the pages used before the tone existed.
TONE_CLASSES = {Tone.OK: "ontime", Tone.DUE_TODAY: "due-today", Tone.LATE: "late"}
# Statuses whose stage runs under the overall resolution limit (before the unit answers, that limit is a second,
# later deadline worth showing beside the first-response one).
_RESOLUTION_PENDING = frozenset({Status.DISPATCHED})


def when(moment: datetime) -> str:
    """"Senin 7 Des, 16.00" in Indonesian, "Monday 7 Dec, 16:00" in English; the moment is already local."""
    return format_date(moment, _("l j M, H:i"))


def clock(moment: datetime) -> str:
    return format_date(moment, _("H:i"))


def phrase(left: TimeLeft) -> str:
    """The time left in words, in the active language."""
    if left.tone is Tone.LATE:
        if left.working_days == 0:
            return _("late since today, %(time)s") % {"time": clock(left.due_local)}
        return ngettext("late by %(days)d working day (%(when)s)", "late by %(days)d working days (%(when)s)",
                        left.working_days) % {"days": left.working_days, "when": when(left.due_local)}
    if left.tone is Tone.DUE_TODAY:
        return _("today, %(time)s") % {"time": clock(left.due_local)}
    if left.due_tomorrow:
        return _("tomorrow, %(time)s") % {"time": clock(left.due_local)}
    if left.working_days == 0:
        return _("by %(when)s") % {"when": when(left.due_local)}
    return ngettext("%(days)d working day left (%(when)s)", "%(days)d working days left (%(when)s)",
                    left.working_days) % {"days": left.working_days, "when": when(left.due_local)}


def deadline_context(*, stage: Stage, due_at: datetime, now: datetime) -> dict[str, Any]:
    left = time_left(now=now, due_at=due_at, calendar=get_calendar())
    return {"name": DEADLINE_NAMES[stage], "phrase": phrase(left), "tone": left.tone.value,
            "css": TONE_CLASSES[left.tone], "due_at": due_at, "stage": stage.value}


def report_deadlines(report: Any, now: datetime) -> list[dict[str, Any]]:
    """The running deadline of a report, then its resolution limit while that is still a later, separate one."""
    try:
        status = Status(report.status)
    except ValueError:
        return []
    stage = STAGE_OF_STATUS.get(status)
    found = []
    if stage is not None and report.due_at is not None:
        found.append(deadline_context(stage=stage, due_at=report.due_at, now=now))
    resolution_due_at = getattr(report, "resolution_due_at", None)
    if status in _RESOLUTION_PENDING and resolution_due_at is not None and resolution_due_at != report.due_at:
        found.append(deadline_context(stage=Stage.RESOLUTION, due_at=resolution_due_at, now=now))
    return found


@register.inclusion_tag("web/_deadline.html")
def deadline(report: Any, every: bool = False) -> dict[str, Any]:
    """The report's running deadline; with `every`, also its resolution limit while that one is separate."""
    found = report_deadlines(report, timezone.now())
    return {"deadlines": found if every else found[:1]}
