from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from sigap.chain.actions import check_delivery
from sigap.chain.actions.announce import sweep_silent_deliveries


@task()
def check_delivery_task(delivery_id: int) -> str:
    """Scheduled at the reminder and the escalation time; does nothing once the recipient acknowledged."""
    return check_delivery(delivery_id=delivery_id)


@task()
def sweep_chain() -> int:
    """Safety net for lost tasks: handle every silent delivery whose time passed."""
    return sweep_silent_deliveries(timezone.now())
