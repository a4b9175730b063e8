"""What the clock does: escalate late items up the ladder, auto-close, archive abandoned info requests.

Each check is idempotent: it re-reads the locked report and acts only if the deadline it was scheduled for is
still the one in force and has passed, so a duplicate, late or stale run does nothing.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.calendar.service import get_calendar, get_ladder_policy
from sigap.domain.ladder import UnitNode, ladder_for, next_rung
from sigap.domain.lifecycle import Action, Status
from sigap.domain.sla import Stage
from sigap.organization.models import Unit, UnitKind
from sigap.reports.actions.engine import Change, apply_transition, lock_report
from sigap.reports.models import Report, ReportEvent
from sigap.reports.notify import notify_reporter, notify_unit

COMPLAINT_DESK_CODE = "pengaduan"
HEAD_IS_OFFICER_KINDS = frozenset({UnitKind.RT, UnitKind.RW})


def _ladder_units(start: Unit) -> dict[str, UnitNode]:
    """The start unit and its ancestors as domain nodes (one query per level; the tree is shallow)."""
    nodes: dict[str, UnitNode] = {}
    unit: Unit | None = start
    while unit is not None and unit.code not in nodes:
        parent = unit.parent
        nodes[unit.code] = UnitNode(code=unit.code, parent=parent.code if parent else None,
                                    head_is_officer=unit.kind in HEAD_IS_OFFICER_KINDS)
        unit = parent
    return nodes


def responsible_unit(report: Report) -> Unit | None:
    """Whose deadline it is: the lead unit once dispatched, the complaint desk before that."""
    if report.status in (Status.DISPATCHED, Status.IN_PROGRESS) and report.lead_unit is not None:
        return report.lead_unit
    if report.status == Status.RECEIVED:
        return Unit.objects.filter(code=COMPLAINT_DESK_CODE).first()
    return None


def check_deadline(*, report_id: int, expected_check_at: datetime | None = None,
                   now: datetime | None = None) -> ReportEvent | None:
    """Act on a report whose next check time has come; returns the event written, if any."""
    now = now or timezone.now()
    with transaction.atomic():
        try:
            report = lock_report(report_id)
        except Report.DoesNotExist:
            return None
        if report.next_check_at is None or report.next_check_at > now:
            return None
        if expected_check_at is not None and report.next_check_at != expected_check_at:
            return None  # a newer deadline superseded this check; its own task will come
        stage = Stage(report.stage) if report.stage else None
        if stage == Stage.CONFIRMATION:
            return _auto_close(report, now)
        if stage == Stage.PENDING_INFO:
            return _expire(report, now)
        if stage in (Stage.VERIFICATION, Stage.FIRST_RESPONSE, Stage.RESOLUTION):
            return _escalate(report, now)
        report.next_check_at = None
        report.save(update_fields=["next_check_at"])
        return None


def _auto_close(report: Report, now: datetime) -> ReportEvent:
    def mutate(report: Report, change: Change) -> None:
        report.closed_at = now
        change.note = _("Closed automatically: the reporter did not answer within the confirmation window.")

    event = apply_transition(report=report, action=Action.AUTO_CLOSE, by=None, now=now, mutate=mutate)
    report.next_check_at = None
    report.save(update_fields=["next_check_at"])
    notify_reporter(report, event, "report_closed", include_followers=False)
    return event


def _expire(report: Report, now: datetime) -> ReportEvent:
    def mutate(report: Report, change: Change) -> None:
        report.closed_at = now
        report.closing_reason = _("No reply to the request for information within 30 days.")
        change.note = report.closing_reason

    event = apply_transition(report=report, action=Action.EXPIRE, by=None, now=now, mutate=mutate)
    report.next_check_at = None
    report.save(update_fields=["next_check_at"])
    notify_reporter(report, event, "report_archived", {"reason": report.closing_reason}, include_followers=False)
    return event


def _escalate(report: Report, now: datetime) -> ReportEvent | None:
    start = responsible_unit(report)
    if start is None:
        report.next_check_at = None
        report.save(update_fields=["next_check_at"])
        return None
    ladder = ladder_for(start.code, _ladder_units(start))
    rung = next_rung(ladder, report.escalation_level)
    if rung is None:
        # Top of the ladder: stays visibly late on every dashboard, nobody above to tell.
        report.next_check_at = None
        report.save(update_fields=["next_check_at"])
        return None
    target = Unit.objects.get(code=rung.unit)
    grace = get_ladder_policy().grace_for(rung.level)
    next_check = get_calendar().add_working_days(now, grace)

    def mutate(report: Report, change: Change) -> None:
        report.escalation_level = rung.level
        report.escalated_to = target
        report.next_check_at = next_check
        change.note = _("Deadline passed: escalated to %(unit)s.") % {"unit": target}
        change.data = {"level": rung.level, "unit": target.code, "role": rung.role, "stage": report.stage}

    event = apply_transition(report=report, action=Action.ESCALATE, by=None, now=now, mutate=mutate)
    notify_unit(report, event, target, "report_escalated", heads_only=rung.role == "head",
                extra={"level": rung.level})
    from sigap.reports.scheduling import schedule_check

    transaction.on_commit(lambda: schedule_check(report.pk, next_check))
    return event


def due_report_ids(now: datetime, limit: int = 10_000) -> list[int]:
    """Reports whose check time has passed: the sweep's work list (an index scan on next_check_at)."""
    return list(
        Report.objects.filter(next_check_at__lte=now).order_by("next_check_at").values_list("pk", flat=True)[:limit]
    )
