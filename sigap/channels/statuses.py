"""Delivery statuses from Meta update the outbox row whose provider_message_id is the wamid."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction

from sigap.notifications.models import Notification, NotificationChannel, NotificationStatus

# Statuses may arrive out of order (read before delivered); never move a row backwards.
RANK = {NotificationStatus.SENT: 1, NotificationStatus.DELIVERED: 2, NotificationStatus.READ: 3}
INCOMING = {"sent": NotificationStatus.SENT, "delivered": NotificationStatus.DELIVERED,
            "read": NotificationStatus.READ, "failed": NotificationStatus.FAILED}


@transaction.atomic
def apply_status(status: dict[str, Any], *, now: datetime) -> str:
    wamid = str(status.get("id") or "")
    new = INCOMING.get(str(status.get("status") or ""))
    if not wamid or new is None:
        return "ignored"
    notification = (
        Notification.objects.select_for_update()
        .filter(provider_message_id=wamid, channel=NotificationChannel.WHATSAPP).first()
    )
    if notification is None:
        return "unknown_message"
    if new == NotificationStatus.FAILED:
        errors = status.get("errors") or [{}]
        first = errors[0] if isinstance(errors, list) and errors and isinstance(errors[0], dict) else {}
        notification.status = NotificationStatus.FAILED
        notification.last_error = f"{first.get('code', '')} {first.get('title', '')}".strip()[:2000]
        notification.updated_at = now
        notification.save(update_fields=["status", "last_error", "updated_at"])
        return "failed"
    if RANK.get(NotificationStatus(notification.status), 0) >= RANK[new]:
        return "stale"
    notification.status = new
    notification.updated_at = now
    notification.save(update_fields=["status", "updated_at"])
    return str(new)
