"""The real WhatsApp sender behind the outbox: free-form inside the 24-hour window, an approved template outside."""

from __future__ import annotations

import time
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from sigap.channels import conf, graph
from sigap.channels.contacts import find_contact
from sigap.channels.models import MessageTemplate, WhatsAppContact
from sigap.notifications.messages import render
from sigap.notifications.models import Notification
from sigap.notifications.transports import PermanentError, SendResult

# Waiting longer than this in a worker is worse than letting the outbox retry later.
MAX_PACING_WAIT_SECONDS = 5.0


def within_window(contact: WhatsAppContact | None, now: datetime) -> bool:
    return bool(contact and contact.last_inbound_at and now - contact.last_inbound_at < conf.service_window())


def message_for(notification: Notification, contact: WhatsAppContact | None, now: datetime) -> dict[str, Any]:
    """What to POST to Meta for this outbox row at this moment."""
    context = notification.context or {}
    if within_window(contact, now):
        body = str(context.get("body") or render(notification.template, context)[1])
        buttons = context.get("buttons")
        if isinstance(buttons, list) and buttons:
            return graph.buttons_message(body, [{"id": str(b["id"]), "title": str(b["title"])} for b in buttons])
        rows = context.get("list")
        if isinstance(rows, list) and rows:
            return graph.list_message(body, str(context.get("list_button") or "Pilih"),
                                      [{k: str(v) for k, v in row.items()} for row in rows])
        return graph.text_message(body)
    template = MessageTemplate.objects.filter(notification_template=notification.template, is_active=True).first()
    if template is None:
        raise PermanentError(f"outside the 24-hour window and no approved template for {notification.template!r}")
    values = {**context}
    if "body" not in values:
        values["body"] = render(notification.template, context)[1]
    return graph.template_message(template.name, template.language,
                                  [str(values.get(key) or "") for key in template.parameter_keys()])


def reserve_slot(contact: WhatsAppContact | None, now: datetime) -> float:
    """Seconds to wait so messages to one person keep their spacing, across workers (the contact row is the lock)."""
    if contact is None:
        return 0.0
    gap = conf.min_gap_per_recipient()
    with transaction.atomic():
        locked = WhatsAppContact.objects.select_for_update().get(pk=contact.pk)
        slot = now if locked.last_outbound_at is None else max(now, locked.last_outbound_at + gap)
        locked.last_outbound_at = slot
        locked.save(update_fields=["last_outbound_at"])
    return (slot - now).total_seconds()


class WhatsAppTransport:
    def send(self, notification: Notification) -> SendResult:
        now = timezone.now()
        contact = find_contact(notification.recipient_address)
        message = message_for(notification, contact, now)
        wait = reserve_slot(contact, now)
        if wait > MAX_PACING_WAIT_SECONDS:
            from sigap.notifications.transports import TransientError

            raise TransientError(f"pacing: next slot for this recipient in {wait:.0f}s")
        if wait > 0:
            time.sleep(wait)
        wamid = graph.send_message(notification.recipient_address, message,
                                   callback_data=notification.idempotency_key)
        return SendResult(provider_message_id=wamid)
