from __future__ import annotations

from datetime import datetime

from django.utils import timezone
from django_tasks import task

from sigap.reports.actions.system import check_deadline, due_report_ids


@task()
def check_report_deadline(report_id: int, check_at_iso: str) -> bool:
    """Scheduled at the deadline itself; does nothing if the report moved on or was already handled."""
    event = check_deadline(report_id=report_id, expected_check_at=datetime.fromisoformat(check_at_iso))
    return event is not None


@task()
def sweep_deadlines() -> int:
    """Daily safety net: act on every report whose check time passed, whatever happened to its task."""
    now = timezone.now()
    handled = 0
    for report_id in due_report_ids(now):
        if check_deadline(report_id=report_id, now=now) is not None:
            handled += 1
    return handled
