from __future__ import annotations

from django_tasks import task


@task()
def process_inbox(item_ids: list[int]) -> list[str]:
    from sigap.channels.processing import process_item

    return [process_item(item_id=item_id) for item_id in item_ids]
