"""What the clock does: escalate late items up the ladder, auto-close, archive abandoned info requests.

Each check is idempotent: it re-reads the locked report and acts only if the deadline it was scheduled for is
still the one in force and has passed, so a duplicate, late or stale run does nothing.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.calendar.service import get_calendar, get_ladder_policy
from sigap.domain.ladder import Climb, decide_escalation, report_responsible
from sigap.domain.lifecycle import Action, Status, next_status
from sigap.domain.sla import CITY_STAGES, Stage
from sigap.notifications.models import Notification
from sigap.notifications.outbox import owed_row
from sigap.organization.ladder import ladder_nodes
from sigap.organization.models import Unit
from sigap.organization.queries import complaint_desk
from sigap.reports.actions.engine import Change, apply_transition, event_row, lock_report
from sigap.reports.models import Report, ReportEvent
from sigap.reports.notify import Recipient, message_key, notify_reporter, notify_unit, unit_context, unit_recipients

_TEMPLATE = "report_escalated"


def _desk() -> Unit | None:
    return complaint_desk()


@dataclass(frozen=True)
class _Step:
    """The domain's escalation decision with the unit it names and whom that unit's message reaches."""

    climb: Climb
    target: Unit
    recipients: list[Recipient]


def _responsible(*, status: str, lead: Unit | None, desk: Unit | None) -> Unit | None:
    """The unit whose deadline it is, as `sigap.domain.ladder.report_responsible` decides."""
    code = report_responsible(status=status, lead_unit=lead.code if lead else None, desk=desk.code if desk else None)
    return next((unit for unit in (lead, desk) if unit is not None and unit.code == code), None)


def _step(start: Unit, level: int, now: datetime) -> _Step | None:
    """Ask `sigap.domain.ladder` whether and where an item of `start` at `level` climbs, and whom it tells.

    Both paths (one report, the sweep's batch) come through here, so they cannot disagree on the rung, the next
    check or the recipients. None: the top of the ladder.
    """
    climb = decide_escalation(responsible=start.code, level=level, units=ladder_nodes(start),
                              policy=get_ladder_policy(), calendar=get_calendar(), now=now)
    if climb is None:
        return None
    target = Unit.objects.get(code=climb.unit)
    return _Step(climb, target, unit_recipients(target, heads_only=climb.heads_only))


def _escalation_change(step: _Step, stage: str) -> Change:
    return Change(note=_("Deadline passed: escalated to %(unit)s.") % {"unit": step.target},
                  data={"level": step.climb.rung.level, "unit": step.target.code, "role": step.climb.rung.role,
                        "stage": stage})


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
        if stage in CITY_STAGES:
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
    start = _responsible(status=report.status, lead=report.lead_unit, desk=_desk())
    step = _step(start, report.escalation_level, now) if start is not None else None
    if step is None:
        # Nobody's deadline, or the top of the ladder: stays visibly late on every dashboard, nobody above to tell.
        report.next_check_at = None
        report.save(update_fields=["next_check_at"])
        return None
    next_check = step.climb.next_check_at

    def mutate(report: Report, change: Change) -> None:
        escalated = _escalation_change(step, report.stage)
        report.escalation_level = step.climb.rung.level
        report.escalated_to = step.target
        report.next_check_at = next_check
        change.note, change.data = escalated.note, escalated.data

    event = apply_transition(report=report, action=Action.ESCALATE, by=None, now=now, mutate=mutate)
    notify_unit(report, event, step.target, _TEMPLATE, heads_only=step.climb.heads_only,
                extra={"level": step.climb.rung.level}, recipients=step.recipients)
    from sigap.reports.scheduling import schedule_check

    transaction.on_commit(lambda: schedule_check(report.pk, next_check))
    return event


ESCALATION_STAGES = tuple(sorted(stage.value for stage in CITY_STAGES))


def escalate_due_reports(*, now: datetime | None = None, limit: int = 1000) -> list[int]:
    """Escalate up to `limit` late reports in one transaction: the sweep's fast path.

    The same decision (`_step`, asked once per responsible unit and level, not per report) and the same rows as
    `check_deadline` per report — the engine's event row, the outbox rows `notify_unit` would owe, the next grace
    deadline — but with set-based writes and no model instances per row, so the cost follows the number due, not
    per-row round trips. Rows locked by someone else are skipped for the next sweep. Returns the ids.
    """
    now = now or timezone.now()
    with transaction.atomic():
        rows = list(
            Report.objects.select_for_update(skip_locked=True)
            .filter(next_check_at__lte=now, stage__in=ESCALATION_STAGES,
                    status__in=[Status.RECEIVED, Status.DISPATCHED, Status.IN_PROGRESS])
            .order_by("next_check_at")
            .values_list("pk", "status", "stage", "escalation_level", "event_count", "lead_unit_id", "tracking_id",
                         "title", "due_at")[:limit]
        )
        if not rows:
            return []
        desk = _desk()
        units = {unit.pk: unit for unit in Unit.objects.filter(pk__in={row[5] for row in rows if row[5]})}
        steps: dict[tuple[int, int], _Step | None] = {}
        groups: dict[tuple[int, int] | None, list[int]] = {}
        events: list[dict[str, Any]] = []
        owed: list[dict[str, Any]] = []
        next_checks: set[datetime] = set()
        for pk, status, stage, level, event_count, lead_id, tracking_id, title, due_at in rows:
            lead = units.get(lead_id) if lead_id else None
            start = _responsible(status=status, lead=lead, desk=desk)
            key = (start.pk, level) if start is not None else None
            if start is not None and key is not None and key not in steps:
                steps[key] = _step(start, level, now)  # the answer depends on nothing else: once per batch
            step = steps[key] if key is not None else None
            if key is None or step is None:
                groups.setdefault(None, []).append(pk)  # nobody's, or top of the ladder: stays visibly late
                continue
            groups.setdefault(key, []).append(pk)
            before = Status(status)
            change = _escalation_change(step, stage)
            seq = event_count + 1
            events.append(event_row(report_id=pk, seq=seq, at=now, by=None, actor_unit=None, action=Action.ESCALATE,
                                    before=before, after=next_status(before, Action.ESCALATE), change=change))
            next_checks.add(step.climb.next_check_at)
            context = unit_context(tracking_id=tracking_id, title=title, status=status, due_at=due_at, lead_unit=lead,
                                   note=change.note, extra={"level": step.climb.rung.level})
            for recipient in step.recipients:
                owed.append(owed_row(channel=recipient.channel, address=recipient.address, template=_TEMPLATE,
                                     context=context, report_id=pk, user_id=recipient.user_id, now=now,
                                     key=message_key(pk, seq, _TEMPLATE, recipient.channel, recipient.address)))
        # Reports sharing a (start unit, level) get identical new values: one UPDATE per group, not per row.
        for group, ids in groups.items():
            if group is None:
                Report.objects.filter(pk__in=ids).update(next_check_at=None)
                continue
            found = steps[group]
            assert found is not None
            Report.objects.filter(pk__in=ids).update(
                escalation_level=found.climb.rung.level, escalated_to=found.target,
                next_check_at=found.climb.next_check_at, event_count=F("event_count") + 1, updated_at=now)
        _insert_many(ReportEvent, events)
        _insert_many(Notification, owed)
        transaction.on_commit(lambda: _after_bulk_escalation(sorted(next_checks), bool(owed)))
        return [event["report_id"] for event in events]


def _insert_many(model: type[models.Model], rows: Sequence[dict[str, Any]]) -> None:
    """COPY on PostgreSQL (several times faster than INSERT for a batch), bulk_create elsewhere.

    The rows are new by construction (each key carries the report's next event number under its row lock), so
    no conflict handling is needed.
    """
    if not rows:
        return
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create([model(**row) for row in rows], batch_size=500)
        return
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    columns = ", ".join(connection.ops.quote_name(str(column.column)) for column in fields)
    json_fields = {field.attname for field in fields if isinstance(field, models.JSONField)}
    sql = f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            # A column the caller does not name takes the model's default, as bulk_create would give it.
            values = [row[field.attname] if field.attname in row else field.get_default() for field in fields]
            copy.write_row([json.dumps(value) if field.attname in json_fields else value
                            for field, value in zip(fields, values, strict=True)])


def _after_bulk_escalation(next_checks: list[datetime], owed: bool) -> None:
    """One check per distinct next deadline (not one per report), and one sending pass for the new rows."""
    from sigap.notifications.tasks import send_owed_notifications
    from sigap.reports.tasks import sweep_deadlines_at

    for moment in next_checks:
        sweep_deadlines_at.using(run_after=moment).enqueue(moment.isoformat())
    if owed:
        send_owed_notifications.enqueue()


def due_report_ids(now: datetime, limit: int = 10_000) -> list[int]:
    """Reports whose check time has passed: the sweep's work list (an index scan on next_check_at)."""
    return list(
        Report.objects.filter(next_check_at__lte=now).order_by("next_check_at").values_list("pk", flat=True)[:limit]
    )
