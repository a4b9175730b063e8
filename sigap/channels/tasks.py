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
