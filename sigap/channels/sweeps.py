"""The WhatsApp sweeps run by the recurring-sweep chain of sigap.notifications.sweeps (`manage.py schedule_sweeps`).

Each takes `now` and returns a count, as that chain expects; all are idempotent, so a duplicate run is harmless.
"""

from __future__ import annotations

from datetime import datetime

from sigap.channels import conf


def expire_conversations(now: datetime) -> int:
    """Close conversations left alone past the timeout and tell the person (and drop their draft photos)."""
    from sigap.channels.conversation.drafts import delete_orphan_drafts
    from sigap.channels.conversation.engine import expire_idle_conversations

    expired = expire_idle_conversations(now=now)
    delete_orphan_drafts(now=now)
    return expired


def requeue_inbox(now: datetime) -> int:
    """Re-enqueue inbox items whose processing task was lost (worker killed, queue wiped)."""
    from sigap.channels.models import InboxItem
    from sigap.channels.tasks import process_inbox

    stale = now - conf.inbox_stale_after()
    ids = list(InboxItem.objects.filter(processed_at__isnull=True, received_at__lt=stale)
               .order_by("pk").values_list("pk", flat=True)[:500])
    if ids:
        process_inbox.enqueue(ids)
    return len(ids)


def forget_old_inbox(now: datetime) -> int:
    """Empty inbox payloads and drop silent citizens' contacts past SIGAP_WHATSAPP_INBOX_RETENTION_DAYS."""
    from sigap.channels.retention import forget_old_inbox as forget

    return forget(now=now)


def next_retention_sweep(now: datetime) -> datetime:
    """Daily, at night (WITA): retention counts in days."""
    from sigap.notifications.sweeps import next_daily

    return next_daily(now, 3)


def next_conversation_sweep(now: datetime) -> datetime:
    return now + conf.conversation_sweep_every()


def next_inbox_sweep(now: datetime) -> datetime:
    return now + conf.inbox_sweep_every()


__all__ = ["expire_conversations", "forget_old_inbox", "next_conversation_sweep", "next_inbox_sweep",
           "next_retention_sweep", "requeue_inbox"]
