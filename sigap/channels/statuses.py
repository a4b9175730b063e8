"""Delivery statuses from Meta update the outbox row they belong to, and confirm rows a crash left unresolved.

A status names its message by the wamid and repeats the `biz_opaque_callback_data` we sent with it (the outbox
key), so a row whose wamid never reached our database (the worker died between Meta's answer and the update, or the
answer timed out) is still found, confirmed and given its wamid: that is how a restart resolves "sending" and
"unknown" rows without sending anything again.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django.db import transaction

from sigap.notifications.models import Notification, NotificationChannel, NotificationStatus

# Statuses may arrive out of order (read before delivered); never move a row backwards.
RANK = {NotificationStatus.SENT: 1, NotificationStatus.DELIVERED: 2, NotificationStatus.READ: 3}
INCOMING = {"sent": NotificationStatus.SENT, "delivered": NotificationStatus.DELIVERED,
            "read": NotificationStatus.READ, "failed": NotificationStatus.FAILED}


def _row_for(wamid: str, callback_data: str) -> Notification | None:
    rows = Notification.objects.select_for_update().filter(channel=NotificationChannel.WHATSAPP)
    found = rows.filter(provider_message_id=wamid).first()
    if found is None and callback_data:
        # Only a row that has no wamid yet: a row with another wamid was sent again, and this is the older message.
        found = rows.filter(idempotency_key=callback_data, provider_message_id="").first()
    return found


@transaction.atomic
def apply_status(status: dict[str, Any], *, now: datetime) -> str:
    wamid = str(status.get("id") or "")
    new = INCOMING.get(str(status.get("status") or ""))
    if not wamid or new is None:
        return "ignored"
    notification = _row_for(wamid, str(status.get("biz_opaque_callback_data") or ""))
    if notification is None:
        return "unknown_message"
    fields = ["status", "updated_at"]
    if not notification.provider_message_id:
        notification.provider_message_id = wamid
        fields.append("provider_message_id")
    if new == NotificationStatus.FAILED:
        errors = status.get("errors") or [{}]
        first = errors[0] if isinstance(errors, list) and errors and isinstance(errors[0], dict) else {}
        notification.status = NotificationStatus.FAILED
        notification.last_error = f"{first.get('code', '')} {first.get('title', '')}".strip()[:2000]
        notification.updated_at = now
        notification.save(update_fields=[*fields, "last_error"])
        return "failed"
    if RANK.get(NotificationStatus(notification.status), 0) >= RANK[new]:
        if "provider_message_id" in fields:
            notification.save(update_fields=["provider_message_id"])
        return "stale"
    if notification.sent_at is None:
        # A row confirmed only by its callback: Meta's own timestamp is when it was sent.
        notification.sent_at = _timestamp(status) or now
        fields.append("sent_at")
    notification.status = new
    notification.updated_at = now
    notification.save(update_fields=fields)
    return str(new)


def _timestamp(status: dict[str, Any]) -> datetime | None:
    try:
        return datetime.fromtimestamp(int(status.get("timestamp") or ""), tz=UTC)
    except (TypeError, ValueError, OverflowError):
        return None
