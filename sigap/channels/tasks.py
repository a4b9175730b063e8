from __future__ import annotations

from django_tasks import task


@task()
def process_inbox(item_ids: list[int]) -> list[str]:
    from sigap.channels.processing import process_item

    return [process_item(item_id=item_id) for item_id in item_ids]


@task()
def expire_conversations() -> int:
    from django.utils import timezone

    from sigap.channels.sweeps import expire_conversations as sweep

    return sweep(timezone.now())


@task()
def sweep_inbox() -> int:
    """Re-enqueue inbox items whose processing task was lost (worker killed, queue wiped)."""
    from django.utils import timezone

    from sigap.channels.sweeps import requeue_inbox

    return requeue_inbox(timezone.now())
