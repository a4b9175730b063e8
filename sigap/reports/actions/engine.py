"""The one path every report transition takes: lock, check, ask the domain, save, append the event, follow up.

Zulip-style: the caller has validated input; this runs atomically, writes exactly one event row, and schedules
background work with `transaction.on_commit` so nothing is sent for a change that was rolled back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.calendar.service import get_calendar, get_sla_policy
from sigap.core.errors import Conflict
from sigap.domain.lifecycle import Action, Status, TransitionNotAllowed, next_status
from sigap.domain.sla import Deadlines, Stage, deadlines_after, resolution_class_for
from sigap.organization.models import Unit
from sigap.reports.models import Report, ReportEvent

SYSTEM = "system"
REPORTER = "reporter"


@dataclass
class Change:
    """What an action wants recorded beyond the status: the event's note, data and visibility."""

    note: str = ""
    is_public: bool = True
    data: dict[str, Any] = field(default_factory=dict)
    after_commit: list[Callable[[], None]] = field(default_factory=list)


def lock_report(report_id: int) -> Report:
    return Report.objects.select_for_update(of=("self",)).select_related("category", "lead_unit").get(pk=report_id)


def actor_label_for(by: Any, unit: Unit | None) -> str:
    if by is None:
        return SYSTEM
    if isinstance(by, str):
        return by
    name = by.get_full_name() or by.get_username()
    return f"{name} ({unit})" if unit else name


def event_row(*, report_id: int, seq: int, at: datetime, by: Any, actor_unit: Unit | None, action: Action,
              before: Status, after: Status, change: Change) -> dict[str, Any]:
    """The event a transition appends, as column values: `apply_transition` creates one, the batched escalation
    sweep inserts many, and both record the same row for the same transition."""
    return {
        "report_id": report_id,
        "seq": seq,
        "at": at,
        "actor_id": by.pk if by is not None and not isinstance(by, str) else None,
        "actor_label": actor_label_for(by, actor_unit),
        "actor_unit_id": actor_unit.pk if actor_unit is not None else None,
        "action": action.value,
        "from_status": before.value,
        "to_status": after.value,
        "note": change.note,
        "is_public": change.is_public,
        "data": change.data,
    }


def apply_transition(
    *,
    report: Report,
    action: Action,
    by: Any,
    now: datetime | None = None,
    actor_unit: Unit | None = None,
    mutate: Callable[[Report, Change], None] | None = None,
    change: Change | None = None,
) -> ReportEvent:
    """Apply `action` to a report already locked in the current transaction.

    `by` is a user, "reporter" or None for the system. `mutate` sets the action's own fields on the report and
    fills the Change (note, data, follow-ups); it runs after the domain has allowed the transition.
    """
    assert transaction.get_connection().in_atomic_block, "apply_transition needs an atomic block"
    now = now or timezone.now()
    change = change or Change()
    before = Status(report.status)
    try:
        after = next_status(before, action)
    except TransitionNotAllowed as error:
        raise Conflict(
            _("This report is “%(status)s”, so “%(action)s” is not possible now.")
            % {"status": before.value, "action": action.value},
            code="invalid_transition",
        ) from error

    if mutate is not None:
        mutate(report, change)

    current = Deadlines(
        stage=Stage(report.stage) if report.stage else None,
        due_at=report.due_at,
        resolution_due_at=report.resolution_due_at,
    )
    deadlines = deadlines_after(
        policy=get_sla_policy(),
        calendar=get_calendar(),
        status_before=before,
        action=action,
        status_after=after,
        now=now,
        resolution_class=resolution_class_for(report.kind, report.category.berkadar_pengawasan),
        current=current,
    )
    stage_changed = deadlines.stage != current.stage or deadlines.due_at != current.due_at
    report.status = after.value
    report.stage = deadlines.stage.value if deadlines.stage else ""
    report.due_at = deadlines.due_at
    report.resolution_due_at = deadlines.resolution_due_at
    if stage_changed:
        # A new stage starts a fresh ladder: the level counts steps taken within the current deadline.
        report.escalation_level = 0
        report.escalated_to = None
        report.next_check_at = deadlines.due_at
    report.updated_at = now
    report.event_count = F("event_count") + 1
    report.save()
    report.refresh_from_db(fields=["event_count"])

    event = ReportEvent(**event_row(report_id=report.pk, seq=report.event_count, at=now, by=by,
                                    actor_unit=actor_unit, action=action, before=before, after=after, change=change))
    # The instances at hand, so reading them back from the event costs no query.
    event.report = report
    event.actor_unit = actor_unit
    if by is not None and not isinstance(by, str):
        event.actor = by
    event.save(force_insert=True)
    if stage_changed and report.next_check_at is not None:
        from sigap.reports.scheduling import schedule_check

        due = report.next_check_at
        transaction.on_commit(lambda: schedule_check(report.pk, due))
    for follow_up in change.after_commit:
        transaction.on_commit(follow_up)
    return event


def record_creation(*, report: Report, by: Any, now: datetime, note: str = "", data: dict[str, Any] | None = None,
                    actor_unit: Unit | None = None) -> ReportEvent:
    """The SUBMIT event of a new report (creation is not a transition of the table).

    Sets the first deadline; the caller schedules its check (intake's one task per report, `report_received`).
    """
    deadlines = deadlines_after(
        policy=get_sla_policy(),
        calendar=get_calendar(),
        status_before=None,
        action=Action.SUBMIT,
        status_after=Status.RECEIVED,
        now=now,
        resolution_class=resolution_class_for(report.kind, report.category.berkadar_pengawasan),
        current=Deadlines(stage=None, due_at=None, resolution_due_at=None),
    )
    report.stage = deadlines.stage.value if deadlines.stage else ""
    report.due_at = deadlines.due_at
    report.resolution_due_at = deadlines.resolution_due_at
    report.next_check_at = deadlines.due_at
    report.event_count = 1
    report.save()
    event = ReportEvent.objects.create(
        report=report, seq=1, at=now, actor=by if by is not None and not isinstance(by, str) else None,
        actor_label=actor_label_for(by, actor_unit), actor_unit=actor_unit, action=Action.SUBMIT.value,
        from_status="", to_status=Status.RECEIVED.value, note=note, is_public=True, data=data or {},
    )
    return event
