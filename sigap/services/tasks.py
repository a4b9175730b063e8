from __future__ import annotations

from datetime import datetime

from django_tasks import task

from sigap.services.actions.clock import check_request_deadline, due_request_ids


@task()
def check_service_request_deadline(request_id: int, check_at_iso: str) -> bool:
    """Scheduled at the promised time itself; does nothing if the request moved on or was already handled."""
    event = check_request_deadline(request_id=request_id, expected_check_at=datetime.fromisoformat(check_at_iso))
    return event is not None


def sweep_service_deadlines_at(now: datetime) -> int:
    """Safety net: act on every request whose check time passed, whatever happened to its task."""
    return sum(1 for request_id in due_request_ids(now)
               if check_request_deadline(request_id=request_id, now=now) is not None)
