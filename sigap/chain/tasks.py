from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from sigap.chain.actions import check_delivery, due_delivery_ids


@task()
def check_delivery_task(delivery_id: int) -> str:
    """Scheduled at the reminder and the escalation time; does nothing once the recipient acknowledged."""
    return check_delivery(delivery_id=delivery_id)


@task()
def sweep_chain() -> int:
    """Safety net for lost tasks: handle every silent delivery whose time passed."""
    now = timezone.now()
    return sum(1 for pk in due_delivery_ids(now) if check_delivery(delivery_id=pk, now=now) != "not_due")
