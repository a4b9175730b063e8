from __future__ import annotations

from django_tasks import task

from sigap.chain.actions import check_delivery


@task()
def check_delivery_task(delivery_id: int) -> str:
    """Scheduled at the reminder and the escalation time; does nothing once the recipient acknowledged."""
    return check_delivery(delivery_id=delivery_id)
