from __future__ import annotations

from datetime import datetime

from django.utils import timezone
from django_tasks import task

from sigap.notifications.actions import deliver_notification
from sigap.reports.actions.system import check_deadline, due_report_ids, escalate_due_reports
from sigap.reports.scheduling import schedule_check

SWEEP_BATCH = 1000


@task()
def check_report_deadline(report_id: int, check_at_iso: str) -> bool:
    """Scheduled at the deadline itself; does nothing if the report moved on or was already handled."""
    event = check_deadline(report_id=report_id, expected_check_at=datetime.fromisoformat(check_at_iso))
    return event is not None


@task()
def report_received(report_id: int, check_at_iso: str | None, notification_ids: list[int]) -> list[str]:
    """A new report's one task: schedule its first deadline check, then send the receipts; returns their states.

    Running it twice is harmless: a second check at the same time does nothing (it expects `next_check_at`), and
    a receipt already sent is not sent again. If it is lost, the outbox sweep sends the receipts and the daily
    deadline sweep acts on the report.
    """
    if check_at_iso:
        schedule_check(report_id, datetime.fromisoformat(check_at_iso))
    return [deliver_notification(notification_id=pk) for pk in notification_ids]


def sweep_due_reports(now: datetime | None = None, *, max_batches: int = 1000) -> int:
    """Act on every report whose check time has passed, whatever happened to its task.

    Each check moves the report's next check into the future (or clears it), so repeated batches drain the due
    set; `max_batches` only guards against a bug turning this into an endless loop.
    """
    now = now or timezone.now()
    handled = 0
    seen: set[int] = set()
    for _batch in range(max_batches):  # late items first, set-based
        escalated = escalate_due_reports(now=now, limit=SWEEP_BATCH)
        if not escalated:
            break
        handled += len(escalated)
        seen.update(escalated)
    for _batch in range(max_batches):  # the rest (auto-close, expiry, locked rows) one by one
        ids = [pk for pk in due_report_ids(now, limit=SWEEP_BATCH) if pk not in seen]
        if not ids:
            break
        for report_id in ids:
            seen.add(report_id)
            if check_deadline(report_id=report_id, now=now) is not None:
                handled += 1
    return handled


@task()
def sweep_deadlines_at(check_at_iso: str) -> int:
    """The check for every report a bulk escalation gave the same next deadline."""
    return sweep_due_reports()
