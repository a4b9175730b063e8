"""Rebuild a report's caches from its event log (docs/architecture.md, rule 4: events are the record).

Replays the events through the same domain functions the engine used, so a report whose caches drifted (a
bug, a hand edit, a restored backup) gets back exactly what its history says.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction

from sigap.calendar.service import get_calendar, get_sla_policy
from sigap.domain.lifecycle import Action, Status
from sigap.domain.sla import Deadlines, deadlines_after, resolution_class_for
from sigap.organization.models import Unit
from sigap.reports.models import Report

LEAD_CHANGES = frozenset({Action.DISPATCH, Action.REDISPATCH, Action.PASS_UP, Action.RETURN_TO_ADMIN})


@dataclass(frozen=True)
class State:
    status: str
    stage: str
    due_at: datetime | None
    resolution_due_at: datetime | None
    escalation_level: int
    escalated_to_id: int | None
    lead_unit_id: int | None
    event_count: int


def replay(report: Report) -> State:
    calendar, policy = get_calendar(), get_sla_policy()
    resolution_class = resolution_class_for(report.kind, report.category.berkadar_pengawasan)
    units = dict(Unit.objects.values_list("code", "pk"))
    deadlines = Deadlines(stage=None, due_at=None, resolution_due_at=None)
    status, level, escalated_to, lead, count = Status.RECEIVED, 0, None, None, 0
    for event in report.events.order_by("seq"):
        action = Action(event.action)
        before = Status(event.from_status) if event.from_status else None
        after = Status(event.to_status)
        updated = deadlines_after(policy=policy, calendar=calendar, status_before=before, action=action,
                                  status_after=after, now=event.at, resolution_class=resolution_class,
                                  current=deadlines)
        if updated.stage != deadlines.stage or updated.due_at != deadlines.due_at:
            level, escalated_to = 0, None
        deadlines, status, count = updated, after, event.seq
        if action == Action.ESCALATE:
            level = int(event.data.get("level", level + 1))
            escalated_to = units.get(event.data.get("unit", ""))
        if action in LEAD_CHANGES:
            lead = units.get(event.data.get("lead_unit") or "")
    return State(status=status.value, stage=deadlines.stage.value if deadlines.stage else "",
                 due_at=deadlines.due_at, resolution_due_at=deadlines.resolution_due_at, escalation_level=level,
                 escalated_to_id=escalated_to, lead_unit_id=lead, event_count=count)


def cached(report: Report) -> State:
    return State(status=report.status, stage=report.stage, due_at=report.due_at,
                 resolution_due_at=report.resolution_due_at, escalation_level=report.escalation_level,
                 escalated_to_id=report.escalated_to_id, lead_unit_id=report.lead_unit_id,
                 event_count=report.event_count)


def rebuild_report_state(*, report_id: int, write: bool) -> list[str]:
    """Names of the cached fields that differ from the log; with `write`, set them from the log."""
    with transaction.atomic():
        report = Report.objects.select_for_update(of=("self",)).select_related("category").get(pk=report_id)
        truth, now = replay(report), cached(report)
        differing = [name for name in State.__dataclass_fields__ if getattr(truth, name) != getattr(now, name)]
        if differing and write:
            for name in differing:
                setattr(report, name, getattr(truth, name))
            if "due_at" in differing or "stage" in differing:
                report.next_check_at = truth.due_at  # the check repairs itself if nothing is owed
            report.save(update_fields=[*differing, "next_check_at"])
    return differing
