"""What the clock does: escalate late items up the ladder, auto-close, archive abandoned info requests.

Each check is idempotent: it re-reads the locked report and acts only if the deadline it was scheduled for is
still the one in force and has passed, so a duplicate, late or stale run does nothing.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import connection, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.calendar.service import get_calendar, get_ladder_policy
from sigap.domain.ladder import Rung, next_rung
from sigap.domain.lifecycle import Action, Status
from sigap.domain.sla import Stage
from sigap.notifications.models import Notification, NotificationStatus
from sigap.notifications.outbox import contact_channels
from sigap.organization.access import heads_of, officers_of
from sigap.organization.ladder import ladder_of
from sigap.organization.models import Unit
from sigap.reports.actions.engine import Change, apply_transition, lock_report
from sigap.reports.models import Report, ReportEvent
from sigap.reports.notify import notify_reporter, notify_unit

COMPLAINT_DESK_CODE = "pengaduan"
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
    ladder = ladder_of(start)
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


@dataclass
class _Plan:
    """What escalating from one (start unit, level) means: computed once per batch, not once per report."""

    target: Unit | None
    rung: Rung | None
    next_check: datetime | None
    recipients: list[tuple[str, str, int]]  # (channel, address, user id)
    note: str = ""
    data: dict[str, Any] = field(default_factory=dict)


ESCALATION_STAGES = (Stage.VERIFICATION.value, Stage.FIRST_RESPONSE.value, Stage.RESOLUTION.value)


def escalate_due_reports(*, now: datetime | None = None, limit: int = 1000) -> list[int]:
    """Escalate up to `limit` late reports in one transaction: the sweep's fast path.

    Same outcome as `check_deadline` per report (one event, one outbox row per recipient and channel, the next
    grace deadline) but with set-based writes and no model instances per row, so the cost follows the number
    due, not per-row round trips. Rows locked by someone else are skipped for the next sweep. Returns the ids.
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
        desk = Unit.objects.filter(code=COMPLAINT_DESK_CODE).first()
        units = {unit.pk: unit for unit in Unit.objects.filter(pk__in={row[5] for row in rows if row[5]})}
        plans: dict[tuple[int, int], _Plan] = {}
        groups: dict[tuple[int, int] | None, list[int]] = {}
        events: list[dict[str, Any]] = []
        owed: list[dict[str, Any]] = []
        next_checks: set[datetime] = set()
        for pk, status, stage, level, event_count, lead_id, tracking_id, title, due_at in rows:
            start = units.get(lead_id) if status != Status.RECEIVED and lead_id else desk
            if status != Status.RECEIVED and lead_id is None:
                start = None
            if start is None:
                groups.setdefault(None, []).append(pk)
                continue
            key = (start.pk, level)
            if key not in plans:
                plans[key] = _plan(start, level, now)
            plan = plans[key]
            if plan.rung is None or plan.target is None:
                groups.setdefault(None, []).append(pk)  # top of the ladder: stays visibly late, nobody above
                continue
            groups.setdefault(key, []).append(pk)
            seq = event_count + 1
            events.append({"report_id": pk, "seq": seq, "at": now, "actor_id": None, "actor_label": "system",
                           "actor_unit_id": None, "action": Action.ESCALATE.value, "from_status": status,
                           "to_status": status, "note": plan.note, "is_public": True,
                           "data": {**plan.data, "stage": stage}})
            if plan.next_check is not None:
                next_checks.add(plan.next_check)
            lead = units.get(lead_id) if lead_id else None
            context = {"tracking_id": tracking_id, "title": title, "status": status,
                       "due_at": due_at.isoformat() if due_at else None, "unit": str(lead) if lead else "",
                       "note": plan.note, "url": f"{settings.SIGAP_BASE_URL}/petugas/laporan/{tracking_id}",
                       "reporter_url": "", "level": plan.data["level"]}
            for channel, address, user_id in plan.recipients:
                owed.append({"idempotency_key": f"report:{pk}:{seq}:report_escalated:{channel}:{address}"[:200],
                             "channel": channel, "template": "report_escalated", "context": context,
                             "recipient_user_id": user_id, "recipient_address": address, "report_id": pk,
                             "status": NotificationStatus.PENDING.value, "attempts": 0, "last_error": "",
                             "next_attempt_at": now, "provider_message_id": "", "created_at": now,
                             "sent_at": None, "updated_at": now})
        # Reports sharing a (start unit, level) get identical new values: one UPDATE per group, not per row.
        for group, ids in groups.items():
            if group is None:
                Report.objects.filter(pk__in=ids).update(next_check_at=None)
                continue
            plan = plans[group]
            Report.objects.filter(pk__in=ids).update(
                escalation_level=plan.data["level"], escalated_to=plan.target, next_check_at=plan.next_check,
                event_count=F("event_count") + 1, updated_at=now)
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


def _plan(start: Unit, level: int, now: datetime) -> _Plan:
    ladder = ladder_of(start)
    rung = next_rung(ladder, level)
    if rung is None:
        return _Plan(None, None, None, [])
    target = Unit.objects.get(code=rung.unit)
    next_check = get_calendar().add_working_days(now, get_ladder_policy().grace_for(rung.level))
    positions = heads_of(target) if rung.role == "head" else officers_of(target)
    recipients = []
    for position in positions.select_related("person__profile"):
        person = position.person
        profile = getattr(person, "profile", None)
        for channel, address in contact_channels(phone=profile.phone if profile else "", email=person.email,
                                                 whatsapp_id=profile.whatsapp_user_id if profile else ""):
            recipients.append((str(channel), address, int(person.pk)))
    note = _("Deadline passed: escalated to %(unit)s.") % {"unit": target}
    return _Plan(target, rung, next_check, recipients, note,
                 {"level": rung.level, "unit": target.code, "role": rung.role})


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
