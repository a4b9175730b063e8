"""Photos of a report still being written live in storage until the report is sent, cancelled or expires."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from django.core.files.storage import default_storage
from django.db import transaction

log = logging.getLogger(__name__)

PHOTO_DIR = "whatsapp-drafts"


def draft_photo_names(data: dict[str, Any]) -> list[str]:
    photos = data.get("photos") if isinstance(data, dict) else None
    names = [str(item.get("name") or "") for item in photos or [] if isinstance(item, dict)]
    # Conversation data is ours, but never let it point the deletion outside the drafts folder.
    return [name for name in names if name.startswith(f"{PHOTO_DIR}/") and ".." not in name]


def discard_draft_photos(data: dict[str, Any]) -> int:
    """Delete the draft's photos once the state change that drops them is committed."""
    names = draft_photo_names(data)
    if names:
        transaction.on_commit(lambda: _delete(names))
    return len(names)


def _delete(names: list[str]) -> None:
    for name in names:
        try:
            default_storage.delete(name)
        except OSError as error:  # a leftover file is untidy, not a reason to fail the conversation
            log.warning("whatsapp: draft photo %s not deleted: %s", name, error)


def delete_orphan_drafts(*, now: datetime, older_than: timedelta = timedelta(days=1)) -> int:
    """Draft photos no conversation points at (a turn that saved one, then rolled back): deleted after a day."""
    from sigap.channels.models import Conversation

    try:
        _dirs, files = default_storage.listdir(PHOTO_DIR)
    except (FileNotFoundError, NotImplementedError):
        return 0
    wanted = {name for data in Conversation.objects.exclude(data={}).values_list("data", flat=True).iterator()
              for name in draft_photo_names(data)}
    deleted = 0
    for file_name in files:
        name = f"{PHOTO_DIR}/{file_name}"
        if name in wanted or default_storage.get_modified_time(name) > now - older_than:
            continue
        _delete([name])
        deleted += 1
    return deleted
