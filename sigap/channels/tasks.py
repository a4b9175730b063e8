from __future__ import annotations

from django_tasks import task


@task()
def process_inbox(item_ids: list[int]) -> list[str]:
    from sigap.channels.processing import process_item

    return [process_item(item_id=item_id) for item_id in item_ids]


@task()
def expire_conversations() -> int:
    from django.utils import timezone

    from sigap.channels.conversation.engine import expire_idle_conversations

    return expire_idle_conversations(now=timezone.now())


@task()
def sweep_inbox() -> int:
    """Re-enqueue inbox items whose processing task was lost (worker killed, queue wiped)."""
    from datetime import timedelta

    from django.utils import timezone

    from sigap.channels.models import InboxItem

    stale = timezone.now() - timedelta(minutes=2)
    ids = list(InboxItem.objects.filter(processed_at__isnull=True, received_at__lt=stale)
               .values_list("pk", flat=True)[:500])
    if ids:
        process_inbox.enqueue(ids)
    return len(ids)
