"""Owing a message: one outbox row per recipient and channel, written in the caller's transaction.

The row's idempotency key makes owing the same message twice a no-op; the send task is enqueued on commit, and a
sweep re-enqueues rows whose task was lost, so a message owed is sent even if a worker dies.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from sigap.notifications.models import Notification, NotificationChannel, NotificationStatus


def owe(
    *,
    channel: NotificationChannel | str,
    address: str,
    template: str,
    context: dict[str, Any],
    key: str,
    report_id: int | None = None,
    user_id: int | None = None,
    now: datetime | None = None,
) -> Notification | None:
    """Record one owed message; returns None when the same key was already owed."""
    if not address:
        return None
    now = now or timezone.now()
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                idempotency_key=key[:200],
                channel=str(channel),
                template=template,
                context=context,
                recipient_address=address,
                recipient_user_id=user_id,
                report_id=report_id,
                status=NotificationStatus.PENDING,
                created_at=now,
                updated_at=now,
                next_attempt_at=now,
            )
    except IntegrityError:
        return None
    notification_id = notification.pk
    transaction.on_commit(lambda: _enqueue_send(notification_id))
    return notification


def _enqueue_send(notification_id: int) -> None:
    from sigap.notifications.tasks import send_notification

    send_notification.enqueue(notification_id)


def contact_channels(*, phone: str = "", email: str = "", whatsapp_id: str = "") -> Iterable[tuple[str, str]]:
    """The (channel, address) pairs a person can be reached on: WhatsApp first, where they live."""
    if whatsapp_id or phone:
        yield NotificationChannel.WHATSAPP, whatsapp_id or phone
    if email:
        yield NotificationChannel.EMAIL, email
